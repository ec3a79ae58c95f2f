// Gate (d): cdk-nag AwsSolutions over synthesized CloudFormation templates.
// Usage: node tools/nag.mjs <dir-or-template>...   Exit 1 when any rule is Non-Compliant, when a rule
// errors, or when a suppression has no specific reason; prints one line per finding.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, Aspects, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readTemplates } from './templates.mjs';

// The shortest reason a suppression may give, from .projenrc.cs (which the library's suppression helper enforces too).
const MIN_REASON_LENGTH = JSON.parse(fs.readFileSync(new URL('./repository-facts.json', import.meta.url), 'utf8')).nagReasonMinimum;

function parseCsvLine(line) {
  const cells = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { cells.push(cur); cur = ''; }
    else cur += c;
  }
  cells.push(cur);
  return cells;
}

// Suppressions must say why: cdk-nag itself only demands a reason of 10 characters or more.
function weakSuppressions(file, template) {
  const problems = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    for (const s of resource.Metadata?.cdk_nag?.rules_to_suppress ?? []) {
      if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
        problems.push(`${path.basename(file)} ${logicalId}: suppression of ${s.id} has no specific reason ("${s.reason ?? ''}")`);
      }
    }
  }
  return problems;
}

const targets = process.argv.slice(2);
if (targets.length === 0) {
  console.error('usage: node tools/nag.mjs <cdk.out dir or template>...');
  process.exit(2);
}

const files = readTemplates(targets);
if (files.length === 0) {
  console.error(`nag: no *.template.json in ${targets.join(', ')}`);
  process.exit(1);
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nag-'));
const app = new App({ outdir });
const problems = [];
const ids = new Map();
files.forEach(({ file, name, template }, i) => {
  problems.push(...weakSuppressions(file, template));
  const id = `T${i}`;
  ids.set(id, name);
  const stack = new Stack(app, id, { synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }) });
  new CfnInclude(stack, 'Template', { templateFile: file });
});
Aspects.of(app).add(new AwsSolutionsChecks({ reports: true, verbose: false }));
app.synth();

let compliant = 0;
let suppressed = 0;
const evaluated = new Map([...ids.keys()].map((id) => [id, 0]));
for (const report of fs.readdirSync(outdir).filter((f) => /^AwsSolutions-.*-NagReport\.csv$/.test(f))) {
  const stackId = report.match(/^AwsSolutions-+(.*)-NagReport\.csv$/)[1];
  const lines = fs.readFileSync(path.join(outdir, report), 'utf8').split(/\r?\n/).filter(Boolean).slice(1);
  evaluated.set(stackId, (evaluated.get(stackId) ?? 0) + lines.length);
  for (const line of lines) {
    const [rule, resource, status, reason, level, info] = parseCsvLine(line);
    if (status === 'Compliant') compliant++;
    else if (status === 'Suppressed') suppressed++;
    else if (status === 'Non-Compliant' || status === 'UNKNOWN' || status.startsWith('Error')) {
      if (level === 'Warning' && status === 'Non-Compliant') continue;
      problems.push(`${ids.get(stackId) ?? stackId} ${resource.replace(/^T\d+\/Template\//, '')}: ${rule} ${status} (${level}) ${info}`);
    }
  }
}
fs.rmSync(outdir, { recursive: true, force: true });
// A template with resources but no evaluated rule means cdk-nag did not look at it: fail rather than pass.
for (const [id, rows] of evaluated) {
  const resources = Object.keys(files[Number(id.slice(1))].template.Resources ?? {}).length;
  if (rows === 0 && resources > 0) problems.push(`${ids.get(id)}: cdk-nag evaluated no rule on its ${resources} resource(s)`);
}

for (const p of problems) console.log(`nag: ${p}`);
console.log(`nag: ${files.length} template(s), ${compliant} compliant, ${suppressed} suppressed, ${problems.length} problem(s)`);
process.exit(problems.length > 0 ? 1 : 0);
