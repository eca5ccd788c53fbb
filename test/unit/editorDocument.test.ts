// The server's open-document text (EditorDocument) against vscode-languageserver-textdocument,
// the reference for how LSP changes apply: random edits over every kind of line break, characters
// past a line's end, and full replacements give the same text and positions.
import { strict as assert } from 'node:assert';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { EditorDocument } from '../../server/src/lsp/editorDocument';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'bc', '\n', '\r', '\r\n', 'x\ny', '', 'kind: threat-model\n', '\n\n', '§5.3.1'];

describe('EditorDocument (the open documents the server holds)', () => {
  it('applies random incremental and full changes as vscode-languageserver-textdocument does', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
      const text = () => Array.from({ length: Math.floor(next() * 6) }, () => pick(PIECES)).join('');
      const initial = text();
      let reference = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      const ours = EditorDocument.create('file:///a.yaml', 'yaml', 1, initial);
      for (let version = 2; version < 30; version++) {
        // Lines that exist when the change applies (the reference mis-tracks its line offsets after a
        // change at a line past the end); characters may be past the line's end.
        const position = () => ({ line: Math.floor(next() * reference.lineCount), character: Math.floor(next() * 8) });
        const before = reference.getText();
        const changes: TextDocumentContentChangeEvent[] = [];
        for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
          const change = next() < 0.05 ? { text: text() } : { range: { start: position(), end: position() }, text: text() };
          changes.push(change);
          reference = TextDocument.update(reference, [change], version);
        }
        const replay = `seed ${seed} version ${version}: ${JSON.stringify(before)} + ${JSON.stringify(changes)}`;
        EditorDocument.update(ours, changes, version);
        assert.equal(ours.getText(), reference.getText(), replay);
        assert.equal(ours.lineCount, reference.lineCount, replay);
        assert.equal(ours.version, version);
        const probe = position();
        assert.equal(ours.offsetAt(probe), reference.offsetAt(probe), `${replay} offsetAt ${JSON.stringify(probe)}`);
        const offset = Math.floor(next() * (reference.getText().length + 2));
        assert.deepEqual(ours.positionAt(offset), reference.positionAt(offset), `${replay} positionAt ${offset}`);
      }
    }
  });

  it('appends 4,000 lines to a 1.7 MB document in well under a second', () => {
    const document = EditorDocument.create('file:///big.yaml', 'yaml', 1, 'requirements:\n');
    const started = performance.now();
    for (let n = 1; n <= 4000; n++) {
      const line = document.lineCount - 1;
      EditorDocument.update(document, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `  - id: SR-${n}\n    text: ${'x'.repeat(420)}\n` }], n + 1);
    }
    const elapsed = performance.now() - started;
    assert.ok(document.getText().length > 1.7e6);
    assert.ok(elapsed < 1000, `${Math.round(elapsed)} ms`);
  });
});
