import { strict as assert } from 'node:assert';
import { completionsAt } from '../../server/src/engine';
import { fixture, parse, testCatalog, textAt } from '../support/fixtures';

function labels(marked: string, fileName = 'notes.md') {
  const { text, cursors } = fixture(marked);
  const document = parse(text, fileName);
  return completionsAt(document, cursors[0], testCatalog()).map((item) => item.label);
}

describe('completion of clause numbers', () => {
  it('offers exactly 5.3.1, 5.3.2 and 5.3.3 after §5.3.', () => {
    assert.deepEqual(labels('Layers per §5.3.‸'), ['5.3.1', '5.3.2', '5.3.3']);
  });

  it('replaces what was typed and carries the title', () => {
    const { text, cursors } = fixture('Layers per §5.3.‸');
    const [first] = completionsAt(parse(text, 'notes.md'), cursors[0], testCatalog());
    assert.equal(textAt(text, first.range), '5.3.');
    assert.equal(first.detail, testCatalog().get('5.3.1')!.title);
  });

  // Issue 12: the list showed bare numbers, and typing a topic after § found nothing.
  it('shows each clause’s title on its row and matches what is typed against number, title and keywords', () => {
    const { text, cursors } = fixture('Layers per §5.3.‸');
    const [first] = completionsAt(parse(text, 'notes.md'), cursors[0], testCatalog());
    assert.equal(first.description, 'Defense-in-depth architecture/design');
    assert.ok(first.filterText.startsWith('5.3.1 Defense-in-depth architecture/design'), first.filterText);
  });

  it('offers clauses by a word of their title or keywords typed after §, replacing the word with the number', () => {
    const { text, cursors } = fixture('Layers per §defen‸');
    const entries = completionsAt(parse(text, 'notes.md'), cursors[0], testCatalog());
    assert.ok(entries.some((entry) => entry.label === '5.3.1'), entries.map((entry) => entry.label).join(' '));
    const entry = entries.find((e) => e.label === '5.3.1')!;
    assert.equal(textAt(text, entry.range), 'defen');
    assert.equal(entry.insertText, '5.3.1');
    assert.ok(entry.filterText.toLowerCase().includes('defen'));
    assert.ok(labels('See §SBOM‸').includes('4.1.5'));
    assert.ok(labels('See §threat‸').includes('7.2'));
    assert.ok(labels('clauses: [penetr‸', 'plan.yaml').includes('5.7.4'));
    assert.deepEqual(labels('See §zzzz‸'), []);
    // Prose after the designation alone stays prose: only numbers complete there.
    assert.deepEqual(labels('IEC 81001-5-1 requi‸'), []);
  });

  it('offers numbers after the standard’s designation', () => {
    assert.deepEqual(labels('IEC 81001-5-1 5.8.‸'), ['5.8.1', '5.8.2', '5.8.3', '5.8.4', '5.8.5', '5.8.6', '5.8.7']);
    assert.deepEqual(labels('81001-5-1:7.‸'), ['7.1', '7.1.1', '7.1.2', '7.2', '7.3', '7.4', '7.5']);
    assert.ok(labels('81001-5-1 §‸').length === testCatalog().clauses.length);
  });

  it('offers numbers under clause and clauses keys in YAML, flow and block lists', () => {
    assert.deepEqual(labels('kind: tailoring-record\nentries:\n  - clause: "5.7.‸', 'tr.yaml'), ['5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5']);
    assert.deepEqual(labels('clauses: ["7.2", 9.‸', 'plan.yaml'), ['9.1', '9.2', '9.3', '9.4', '9.5']);
    assert.deepEqual(labels('activities:\n  - id: A\n    clauses:\n      - 6.3.‸', 'plan.yaml'), ['6.3.1', '6.3.2', '6.3.3']);
  });

  it('offers clause numbers in Markdown front matter but not in its body without a prefix', () => {
    assert.deepEqual(labels('---\nkind: lifecycle-plan\nclauses: [5.5.‸]\n---\n'), ['5.5.1', '5.5.2']);
    assert.deepEqual(labels('---\nkind: lifecycle-plan\n---\nclauses: [5.5.‸]'), []);
  });

  it('stays quiet where no clause number is expected', () => {
    assert.deepEqual(labels('Version 5.3.‸'), []);
    assert.deepEqual(labels('items:\n  - 5.3.‸', 'x.yaml'), []);
    assert.deepEqual(labels('IEC 62304 5.‸'), []);
  });
});
