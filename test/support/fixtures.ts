// Test fixtures with inline cursor markers: "‸" marks a cursor position inside a document's text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog, parseSourceDocument, type Catalog, type ParsedDocument, type Position } from '../../server/src/engine';
import { LineIndex } from '../../server/src/engine/text';
// The tests are a host too: they give the engine the official evidence schemas, as the CLI and server do.
import '../../server/src/node/evidenceSchemas';

export const CURSOR = '‸';

/** The repository root, from out/test/support (compiled) or test/support (source). */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'catalog', 'clauses.yaml'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('repository root not found');
    dir = parent;
  }
  return dir;
})();

let catalog: Catalog | undefined;
export function testCatalog(): Catalog {
  catalog ??= loadCatalog(fs.readFileSync(path.join(REPO_ROOT, 'catalog', 'clauses.yaml'), 'utf8'));
  return catalog;
}

export interface Fixture {
  text: string;
  /** Cursor positions, in the order the markers appear. */
  cursors: Position[];
}

export function fixture(marked: string): Fixture {
  const cursors: Position[] = [];
  let text = '';
  let rest = marked;
  for (let at = rest.indexOf(CURSOR); at >= 0; at = rest.indexOf(CURSOR)) {
    text += rest.slice(0, at);
    rest = rest.slice(at + CURSOR.length);
    cursors.push(new LineIndex(text).positionAt(text.length));
  }
  return { text: text + rest, cursors };
}

export function parse(text: string, fileName = 'doc.yaml', version = 1): ParsedDocument {
  const languageId = /\.(md|markdown)$/.test(fileName) ? 'markdown' : /\.json$/.test(fileName) ? 'json' : /\.xml$/.test(fileName) ? 'xml' : 'yaml';
  return parseSourceDocument({ uri: `file:///ws/${fileName}`, languageId, version, text });
}

/** Applies LSP-style edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: { range: { start: Position; end: Position }; newText: string }[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let result = text;
  for (const edit of sorted) {
    result = result.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + result.slice(lines.offsetAt(edit.range.end));
  }
  return result;
}

/** The text a range covers. */
export function textAt(text: string, range: { start: Position; end: Position }): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(range.start), lines.offsetAt(range.end));
}
