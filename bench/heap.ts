// The engine's live memory for a workspace, without a server around it:
//   node --expose-gc out/bench/heap.js DIR [SNAPSHOT]
// prints `heapUsed` after a full collection, once with every file indexed and once after the
// first analysis (with fixes, as the server runs it). Files are indexed as the server indexes
// files no editor shows: models with copied values, texts packed. With SNAPSHOT it also writes a
// heap snapshot there, to open in Chrome DevTools (Memory panel) and see which objects hold the memory.
import { writeHeapSnapshot } from 'node:v8';
import { Analyzer, keepTextIn, parseSourceDocument, WorkspaceIndex } from '../server/src/engine';
import { CONFIG_FILE_NAME } from '../server/src/node/config';
import { collectFiles, readSourceDocument } from '../server/src/node/files';
import { PackedSource, UnpackedTexts } from '../server/src/node/packedText';
import { readCatalog } from '../server/src/node/resources';

const collect = (globalThis as { gc?: () => void }).gc;
const [dir, snapshot] = process.argv.slice(2);
if (!collect || !dir) {
  process.stderr.write('usage: node --expose-gc out/bench/heap.js DIR [SNAPSHOT]\n');
  process.exit(2);
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
function report(when: string) {
  collect!();
  const { heapUsed, rss, external } = process.memoryUsage();
  process.stdout.write(`${when}: heapUsed ${megabytes(heapUsed)}, external ${megabytes(external)}, rss ${megabytes(rss)}\n`);
}

const index = new WorkspaceIndex({ models: { copyValues: true } });
// The last texts read of closed files are kept, as the server keeps them (WorkspaceFiles).
const unpackedTexts = new UnpackedTexts();
const files = collectFiles([dir]).filter((file) => !file.endsWith(CONFIG_FILE_NAME));
for (const file of files) {
  const parsed = parseSourceDocument(readSourceDocument(file));
  index.update(parsed);
  keepTextIn(parsed, PackedSource.of(parsed.source, undefined, unpackedTexts));
}
index.files();
report(`${files.length} files indexed`);
const findings = new Analyzer(readCatalog()).analyze(index);
report('after the first analysis');
if (snapshot) writeHeapSnapshot(snapshot);
// Both stay alive until here, so the figures above measure them.
process.stdout.write(`${index.files().length} files, ${[...findings.values()].reduce((sum, list) => sum + list.length, 0)} findings\n`);
