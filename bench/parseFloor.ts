// The parse floor: the least any checker of this security file must do. It finds the same files
// the CLI finds, reads them and parses their YAML (a Markdown file's front matter) with
// `yaml.parseDocument`, and runs no rule. The benchmark bundles it with esbuild exactly as the CLI
// is bundled and runs it as a whole process, so `check` time / floor time is the cost of the rules
// and the model on top of what cannot be avoided.
import * as fs from 'node:fs';
import { parseDocument } from 'yaml';
import { findFrontMatter } from '../server/src/engine/document';
import { collectFiles, languageIdOf } from '../server/src/node/files';

const files = collectFiles(process.argv.slice(2));
let parsed = 0;
let errors = 0;
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  let yamlText: string | undefined = text;
  if (languageIdOf(file) === 'markdown') {
    const frontMatter = findFrontMatter(text);
    yamlText = frontMatter ? text.slice(frontMatter.start, frontMatter.end) : undefined;
  }
  if (yamlText === undefined) continue;
  const document = parseDocument(yamlText, { prettyErrors: false });
  parsed++;
  errors += document.errors.length;
}
// Printed so the work cannot be optimised away, and so the benchmark can check it saw every file.
process.stdout.write(JSON.stringify({ files: files.length, parsed, errors }) + '\n');
