// Shared by the template gates: the synthesized templates named on the command line (a template file, or a
// folder such as cdk.out whose *.template.json files, nested stacks included, are all taken), each read once.
import fs from 'node:fs';
import path from 'node:path';

export function readTemplates(targets) {
  return targets
    .flatMap((t) => (fs.statSync(t).isFile() ? [t] : fs.readdirSync(t)
      .filter((f) => f.endsWith('.template.json')).sort().map((f) => path.join(t, f))))
    .map((file) => ({ file, name: path.basename(file), template: JSON.parse(fs.readFileSync(file, 'utf8')) }));
}
