// Where the time of a check goes: the CLI's steps, timed one by one in one process, next to the
// floor's parse of the same texts. `node out/bench/phases.js DIR` prints JSON (milliseconds);
// run.ts runs it in a fresh process so one measurement cannot warm up the next.
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, findFrontMatter, parseSourceDocument } from '../server/src/engine';
import { CONFIG_FILE_NAME } from '../server/src/node/config';
import { collectFiles, readSourceDocument } from '../server/src/node/files';
import { readCatalog } from '../server/src/node/resources';

export interface Phases {
  files: number;
  findings: number;
  /** Milliseconds per step, in the order they ran. */
  ms: Record<string, number>;
}

export function measurePhases(dir: string): Phases {
  const ms: Record<string, number> = {};
  let last = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = now - last;
    last = now;
  };
  const catalog = readCatalog();
  lap('catalog');
  const files = collectFiles([dir]).filter((file) => !file.endsWith(CONFIG_FILE_NAME));
  const sources = files.map((file) => readSourceDocument(file));
  lap('walk + read');
  const parsed = sources.map((source) => parseSourceDocument(source));
  lap('parse (YAML, line index, clause references)');
  const index = new WorkspaceIndex();
  for (const document of parsed) index.update(document);
  lap('document model');
  index.files();
  lap('index lookups');
  const findings = new Analyzer(catalog).analyze(index, DEFAULT_CONFIG);
  lap('rules (with fixes and suppressions)');
  const count = [...findings.values()].reduce((sum, list) => sum + list.length, 0);
  JSON.stringify([...findings].flatMap(([uri, list]) => list.map((f) => ({ file: uri, range: f.range, rule: f.rule, clause: f.clause, severity: f.severity, message: f.message }))));
  lap('JSON output');
  for (const source of sources) {
    const frontMatter = source.languageId === 'markdown' ? findFrontMatter(source.text) : null;
    if (source.languageId === 'markdown' && !frontMatter) continue;
    parseDocument(frontMatter ? source.text.slice(frontMatter.start, frontMatter.end) : source.text, { prettyErrors: false });
  }
  lap('for comparison: yaml.parseDocument of the same texts, nothing kept');
  return { files: files.length, findings: count, ms };
}

if (require.main === module) {
  process.stdout.write(JSON.stringify(measurePhases(process.argv[2])) + '\n');
}
