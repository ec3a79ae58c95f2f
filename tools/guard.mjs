// Gate (h): the AWS Control Tower proactive controls, as cfn-guard rules, over synthesized CloudFormation templates.
// Control Tower runs these controls as CloudFormation hooks: a template that fails one is refused at deploy in an
// organization that turns the control on. The rules and the cfn-guard binary come pinned from npm
// (@cdklabs/cdk-validator-cfnguard, see package.json: cfn-guard 3.1.1 and the Control Tower rule set it bundles).
//
// Usage: node tools/guard.mjs [--report] [--exceptions <file.json>] <dir-or-template>...
//   default       exit 1 on any failure not listed in the exceptions file (by control and resource, each with a reason)
//   --report      print the failures per control and per template and exit 0 (the count is measured, not enforced)
// Prints one line per failure: "guard: <template> <logical id> <control> <rule name>".
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readTemplates } from './templates.mjs';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const arch = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];
const platform = { linux: 'ubuntu', darwin: 'macos' }[process.platform];
const binary = path.join(packageDir, 'bin', platform ?? 'unsupported', arch ?? 'unsupported', 'cfn-guard');
const rulesDir = path.join(packageDir, 'rules', 'control-tower', 'cfn-guard');

const args = process.argv.slice(2);
let report = false;
let exceptionsFile = null;
const targets = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--report') report = true;
  else if (args[i] === '--exceptions') exceptionsFile = args[++i];
  else targets.push(args[i]);
}
if (targets.length === 0) {
  console.error('usage: node tools/guard.mjs [--report] [--exceptions <file.json>] <cdk.out dir or template>...');
  process.exit(2);
}
if (!fs.existsSync(binary)) {
  console.error(`guard: no cfn-guard binary for ${process.platform}/${process.arch} in ${packageDir}`);
  process.exit(2);
}
fs.chmodSync(binary, 0o755);

// Exceptions: [{ "control": "CT.ELASTICLOADBALANCING.PR.3", "template": "ContainerPatterns-*.template.json",
// "resource": "LogicalIdPrefix*", "reason": "..." }]; a control is never excused for a whole template by a bare "*".
const exceptions = exceptionsFile ? JSON.parse(fs.readFileSync(exceptionsFile, 'utf8')) : [];
const glob = (pattern) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const problems = [];
for (const e of exceptions) {
  if (typeof e.reason !== 'string' || e.reason.trim().length < 20) problems.push(`exception ${JSON.stringify(e)} has no specific reason`);
  if (!e.control || !e.resource || e.resource === '*') problems.push(`exception ${JSON.stringify(e)} must name a control and resources`);
  e.matchTemplate = glob(e.template ?? '*');
  e.matchResource = glob(e.resource ?? '');
  e.used = 0;
}

// Walks cfn-guard's structured result: every clause that reached a resource's path is a failure of the nearest
// control message above it ("[CT.SERVICE.PR.N]: ...").
function failures(node, control, rule, out) {
  if (Array.isArray(node)) {
    for (const n of node) failures(n, control, rule, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const message = node.messages?.custom_message;
  const id = typeof message === 'string' ? /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(message)?.[1] : undefined;
  if (id) control = id;
  if (typeof node.name === 'string' && node.name !== 'check' && rule === undefined) rule = node.name;
  if (typeof node.path === 'string') {
    const m = /^\/Resources\/([^/]+)/.exec(node.path);
    if (m) out.add(`${m[1]}\t${control ?? '?'}\t${rule ?? '?'}`);
  }
  for (const value of Object.values(node)) failures(value, control, rule, out);
}

const files = readTemplates(targets);
if (files.length === 0) {
  console.error(`guard: no *.template.json in ${targets.join(', ')}`);
  process.exit(1);
}

const perControl = new Map();
let total = 0;
let excused = 0;
for (const { file, name } of files) {
  const run = spawnSync(binary, ['validate', '-r', rulesDir, '-d', file, '-o', 'json', '-S', 'none', '-z'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  // cfn-guard exits 19 when a rule fails and 0 when all pass; anything else is an error of the tool or the rules.
  if (run.status !== 0 && run.status !== 19) {
    problems.push(`${name}: cfn-guard exited ${run.status}: ${(run.stderr || run.stdout).slice(0, 500)}`);
    continue;
  }
  const found = new Set();
  for (const result of JSON.parse(run.stdout)) {
    for (const nc of result.not_compliant ?? []) failures(nc, undefined, undefined, found);
  }
  for (const line of [...found].sort()) {
    const [resource, control, rule] = line.split('\t');
    const exception = exceptions.find((e) => e.control === control && e.matchTemplate.test(name) && e.matchResource.test(resource));
    total++;
    const entry = perControl.get(control) ?? { rule, count: 0, templates: new Set() };
    entry.count++;
    entry.templates.add(name);
    perControl.set(control, entry);
    if (exception) {
      exception.used++;
      excused++;
      continue;
    }
    console.log(`guard: ${name} ${resource} ${control} ${rule}`);
  }
}

console.log(`guard: ${files.length} template(s), ${total} failure(s) over ${perControl.size} control(s), ${excused} excused by ${exceptionsFile ?? 'no exceptions file'}`);
for (const [control, e] of [...perControl.entries()].sort()) {
  console.log(`guard:   ${control} (${e.rule}): ${e.count} in ${e.templates.size} template(s)`);
}
for (const e of exceptions) {
  if (e.used === 0) console.log(`guard: (exception for ${e.control} on ${e.resource} matched nothing here)`);
}
for (const p of problems) console.error(`guard: ${p}`);
if (problems.length > 0) process.exit(1);
if (!report && total > excused) process.exit(1);
