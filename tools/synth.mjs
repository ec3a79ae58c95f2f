// `npm run synth`: synthesizes every reference stack into cdk.out with the pinned CDK CLI.
// Works on a fresh clone: installs the Node tooling if it is missing or stale, then runs `cdk synth`, which builds
// the reference app first when its code changed (cdk.json's "build", tools/build-app.mjs), strict (a warning fails it). Extra arguments go to
// `cdk synth` (e.g. a stack name). `npx cdk synth` alone does the same once the Node tooling is installed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = {
  ...process.env,
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?? '20',
  JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  CDK_DISABLE_VERSION_CHECK: '1',
};

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`synth: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const started = Date.now();
// --strict: a warning fails the synth; the reference stacks acknowledge the ones they mean, each with its reason.
run(path.join(root, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--strict', ...process.argv.slice(2)]);
const stacks = fs.readdirSync(path.join(root, 'cdk.out')).filter((f) => f.endsWith('.template.json'));
console.log(`synth: ${stacks.length} template(s) in cdk.out (cdk synth, build included, ${((Date.now() - started) / 1000).toFixed(1)} s): ${stacks.join(', ')}`);
