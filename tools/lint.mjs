// Gate (h): cfn-lint over synthesized CloudFormation templates, pinned to the version this machine kind installs.
// Usage: node tools/lint.mjs [--exceptions <file.json>] <dir-or-template>...
// Exit 1 on any error, on any warning not listed in the exceptions file (by rule, template and resource, each with
// a reason), or when cfn-lint is missing or another version.
// Prints one line per finding: "cfn-lint: <template> <logical id> <rule> <message>".
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readTemplates } from './templates.mjs';

// The cfn-lint the CI machine kind ships (pip, Python 3.11; /work/.library/env/packages/installed-python.txt,
// read 2026-12-02). Its bundled resource schemas are also what the library's property overrides are proved against.
const PINNED = '1.51.0';

const args = process.argv.slice(2);
let exceptionsFile = null;
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--exceptions') exceptionsFile = args[++i];
  else targets.push(args[i]);
}
if (targets.length === 0) {
  console.error('usage: node tools/lint.mjs [--exceptions <file.json>] <cdk.out dir or template>...');
  process.exit(2);
}

const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const found = /cfn-lint (\S+)/.exec(version.stdout ?? '')?.[1];
if (found !== PINNED) {
  console.error(`cfn-lint: version ${PINNED} is required (pip install cfn-lint==${PINNED}); found ${found ?? 'none'}`);
  process.exit(1);
}

const glob = (pattern) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const exceptions = exceptionsFile ? JSON.parse(fs.readFileSync(exceptionsFile, 'utf8')) : [];
const problems = [];
for (const e of exceptions) {
  if (typeof e.reason !== 'string' || e.reason.trim().length < 20) problems.push(`exception ${JSON.stringify(e)} has no specific reason`);
  if (!/^W\d+$/.test(e.rule ?? '')) problems.push(`exception ${JSON.stringify(e)}: only warnings (W....) can be excepted; errors are always fixed`);
  if (!e.resource || e.resource === '*') problems.push(`exception ${JSON.stringify(e)} must name resources`);
  e.matchTemplate = glob(e.template ?? '*');
  e.matchResource = glob(e.resource ?? '');
  e.used = 0;
}

const files = readTemplates(targets);
if (files.length === 0) {
  console.error(`cfn-lint: no *.template.json in ${targets.join(', ')}`);
  process.exit(1);
}
// One cfn-lint process for all templates: its start-up (schema loading) is most of its time.
const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files.map((f) => f.file)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
// Exit codes are a bit mask: 2 errors, 4 warnings, 8 informational; 1 is cfn-lint's own failure.
if (run.status === null || (run.status & 1) !== 0) {
  console.error(`cfn-lint: failed (${run.status}): ${(run.stderr || run.stdout).slice(0, 1000)}`);
  process.exit(1);
}
const findings = JSON.parse(run.stdout || '[]');
let errors = 0;
let warnings = 0;
let excused = 0;
for (const f of findings) {
  const name = path.basename(f.Filename);
  const resource = f.Location?.Path?.[0] === 'Resources' ? String(f.Location.Path[1]) : '-';
  const rule = f.Rule.Id;
  if (f.Level === 'Error') errors++;
  else if (f.Level === 'Warning') warnings++;
  else continue;
  const exception = f.Level === 'Warning' && exceptions.find((e) => e.rule === rule && e.matchTemplate.test(name) && e.matchResource.test(resource));
  if (exception) {
    exception.used++;
    excused++;
    continue;
  }
  problems.push(`${name} ${resource} ${rule} ${f.Message}`);
}
// The exceptions file serves the reference stacks and the consumers alike, so an entry unused in one run is only noted.
for (const e of exceptions) {
  if (e.used === 0 && files.some((f) => e.matchTemplate.test(f.name))) console.log(`cfn-lint: (exception for ${e.rule} on ${e.resource} matched nothing here)`);
}
for (const p of problems) console.log(`cfn-lint: ${p}`);
console.log(`cfn-lint ${PINNED}: ${files.length} template(s), ${errors} error(s), ${warnings} warning(s), ${excused} excused by ${exceptionsFile ?? 'no exceptions file'}`);
process.exit(problems.length > 0 ? 1 : 0);
