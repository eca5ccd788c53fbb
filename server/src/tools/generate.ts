// `npm run generate`: rewrites the rule lists kept outside the code (package.json, the
// `.clause-guide.yaml` schema, README's rules table) from the rule registry; see ruleMetadata.ts.
// Run it after adding, renaming or redescribing a rule, and commit what it changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../engine/rules';
import { writeFileAtomic } from '../node/atomicWrite';
import { GENERATED_FILES, regenerate } from './ruleMetadata';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'catalog', 'clauses.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('clause-guide repository root not found above ' + __dirname);
    dir = parent;
  }
  return dir;
}

function main(): number {
  const root = repositoryRoot();
  for (const file of GENERATED_FILES) {
    const target = path.join(root, file);
    const current = fs.readFileSync(target);
    const next = Buffer.from(regenerate(file, current.toString('utf8'), RULES), 'utf8');
    if (next.equals(current)) {
      process.stdout.write(`${file}: up to date\n`);
      continue;
    }
    writeFileAtomic(target, next, { expected: current, root });
    process.stdout.write(`${file}: rewritten from the rule registry\n`);
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`generate: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
