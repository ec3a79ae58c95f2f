// Gate (e): no Lambda function in a synthesized template uses a runtime Lambda has deprecated.
// Usage: node tools/lambda-runtimes.mjs [--date YYYY-MM-DD] <dir-or-template>...
// Checks every AWS::Lambda::Function (and AWS::Serverless::Function) Runtime, literal or Fn::FindInMap,
// and every string in the templates' Mappings that names a runtime, nested stack templates included
// (cdk.out holds them beside their parents). Exit 1 on a deprecated or unknown runtime.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTemplates } from './templates.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const table = JSON.parse(fs.readFileSync(path.join(here, 'lambda-runtimes.json'), 'utf8')).runtimes;
const RUNTIME_NAME = /^(nodejs|python|java|dotnet|dotnetcore|ruby|go|provided)[\w.-]*$/;
const WARN_DAYS = 120;

const args = process.argv.slice(2);
let today = new Date().toISOString().slice(0, 10);
const dateAt = args.indexOf('--date');
if (dateAt >= 0) {
  today = args[dateAt + 1];
  args.splice(dateAt, 2);
}
if (args.length === 0) {
  console.error('usage: node tools/lambda-runtimes.mjs [--date YYYY-MM-DD] <cdk.out dir or template>...');
  process.exit(2);
}

const files = readTemplates(args);
if (files.length === 0) {
  console.error(`runtimes: no *.template.json in ${args.join(', ')}`);
  process.exit(1);
}

const problems = [];
const warnings = [];
let functions = 0;

function check(where, runtime) {
  const life = table[runtime];
  if (!life) {
    problems.push(`${where}: runtime ${runtime} is not in tools/lambda-runtimes.json, so its support cannot be checked`);
    return;
  }
  if (life.deprecated <= today) {
    problems.push(`${where}: runtime ${runtime} was deprecated by Lambda on ${life.deprecated} (new functions blocked from ${life.blockCreate})`);
  } else if ((Date.parse(life.deprecated) - Date.parse(today)) / 86400000 <= WARN_DAYS) {
    warnings.push(`${where}: runtime ${runtime} will be deprecated on ${life.deprecated}`);
  }
}

function runtimesInMapping(value, out) {
  if (typeof value === 'string') { if (RUNTIME_NAME.test(value) && /\d|\.x$|^provided/.test(value)) out.push(value); }
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => runtimesInMapping(v, out));
  return out;
}

for (const { name, template } of files) {
  const mappings = template.Mappings ?? {};
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    if (r.Type !== 'AWS::Lambda::Function' && r.Type !== 'AWS::Serverless::Function') continue;
    functions++;
    const runtime = r.Properties?.Runtime;
    if (runtime === undefined) continue; // container-image function
    if (typeof runtime === 'string') check(`${name} ${id}`, runtime);
    else if (runtime['Fn::FindInMap']) {
      const [map] = runtime['Fn::FindInMap'];
      const values = runtimesInMapping(mappings[map], []);
      if (values.length === 0) problems.push(`${name} ${id}: Runtime reads mapping ${JSON.stringify(map)}, which names no runtime`);
      for (const v of new Set(values)) check(`${name} ${id} (via mapping ${map})`, v);
    } else {
      problems.push(`${name} ${id}: Runtime ${JSON.stringify(runtime)} cannot be checked statically`);
    }
  }
  for (const [map, body] of Object.entries(mappings)) {
    for (const v of new Set(runtimesInMapping(body, []))) check(`${name} Mappings.${map}`, v);
  }
}

for (const w of warnings) console.log(`runtimes: warning: ${w}`);
for (const p of problems) console.log(`runtimes: ${p}`);
console.log(`runtimes: ${files.length} template(s), ${functions} function(s), checked against ${today}: ${problems.length} problem(s)`);
process.exit(problems.length > 0 ? 1 : 0);
