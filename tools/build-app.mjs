// cdk.json's "build" command: the CDK CLI runs it before every synth, diff and deploy, so the reference app it
// then runs (the built assembly, see cdk.json's "app") is always built from the current code, on a fresh clone too.
//
// A no-op `dotnet publish` costs about 2 s here (about as much as the synth itself), so this first checks, in a few
// milliseconds, whether anything the app is built from changed since its last successful build: it compares the
// path, size and modification time of every file under src/ and examples/ (bin/ and obj/ excepted) and of the
// root build files with the list it wrote then (any difference counts, older times, added and removed files
// too). Only then does it run `dotnet publish` (an incremental build, then ReadyToRun compilation of what changed),
// restoring only when a project or package file changed.
// Usage: node tools/build-app.mjs [--force]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const project = 'examples/ReferenceApp/ReferenceApp.csproj';
// Published ReadyToRun for this machine's runtime (ReferenceApp.csproj says why), into a folder of its own.
const publishDir = 'examples/ReferenceApp/bin/synth';
const output = path.join(root, publishDir, 'ReferenceApp.dll');
const stamp = path.join(root, 'examples/ReferenceApp/obj/build-app.inputs.json');
const SKIP = new Set(['bin', 'obj', 'node_modules', 'cdk.out', 'TestResults']);
const ROOT_FILES = ['Directory.Build.props', 'Directory.Packages.props', 'Directory.Build.targets', 'NuGet.config', 'global.json', '.editorconfig'];
const RESTORE_INPUT = /(\.csproj|\.props|\.targets|NuGet\.config|global\.json)$/;

// Every input file, as "path" -> "size:mtime".
function inputs() {
  const files = {};
  const note = (full) => {
    const stat = fs.statSync(full);
    files[path.relative(root, full)] = `${stat.size}:${stat.mtimeMs}`;
  };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else note(full);
    }
  };
  walk(path.join(root, 'src'));
  walk(path.join(root, 'examples'));
  for (const f of ROOT_FILES) {
    if (fs.existsSync(path.join(root, f))) note(path.join(root, f));
  }
  return files;
}

function changed(before, now, filter = () => true) {
  const keys = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...keys].filter((k) => filter(k) && before[k] !== now[k]);
}

const force = process.argv.includes('--force');
const current = inputs();
let last = null;
try {
  last = fs.existsSync(output) ? JSON.parse(fs.readFileSync(stamp, 'utf8')) : null;
} catch {
  last = null; // no stamp yet, or an unreadable one: build
}
const differ = last ? changed(last, current) : null;
if (!force && differ && differ.length === 0) process.exit(0);

const started = Date.now();
const restore = force || !last || changed(last, current, (k) => RESTORE_INPUT.test(k)).length > 0;
const args = ['publish', project, '-c', 'Release', '-p:SynthPublish=true', '--no-self-contained', '-o', publishDir, '--nologo', '-v', 'quiet', ...(restore ? [] : ['--no-restore'])];
const why = force ? '--force' : !last ? 'no build of the reference app yet' : `${differ.length} changed file(s), e.g. ${differ[0]}`;
console.error(`build-app: ${why}: dotnet ${args.join(' ')}`);
// The output is shown only when the build fails (`dotnet` prints a summary even at quiet verbosity).
const r = spawnSync('dotnet', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (r.status !== 0) {
  process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  console.error(`build-app: dotnet publish failed (exit ${r.status ?? r.signal}); nothing was synthesized`);
  process.exit(r.status ?? 1);
}
// The list taken before the build: a file edited while it ran still differs next time.
fs.mkdirSync(path.dirname(stamp), { recursive: true });
fs.writeFileSync(stamp, JSON.stringify(current));
console.error(`build-app: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
