import { strict as assert } from 'node:assert';
import { hoverAt, parseOfficialText } from '../../server/src/engine';
import { fixture, parse, testCatalog, textAt } from '../support/fixtures';

describe('hover', () => {
  const catalog = testCatalog();

  it('shows title, own-words summary naming the four phases, constraints, gaps, auditor question, related clauses', () => {
    const { text, cursors } = fixture('Our requirements follow §5.‸2.1 closely.');
    const hover = hoverAt(parse(text, 'notes.md'), cursors[0], catalog);
    assert.ok(hover);
    assert.equal(textAt(text, hover.range), '§5.2.1');
    const clause = catalog.get('5.2.1')!;
    assert.match(hover.contents, new RegExp(`5\\.2\\.1 — ${clause.title}`));
    for (const phase of ['installation', 'operation', 'maintenance', 'decommissioning']) assert.match(hover.contents, new RegExp(phase));
    assert.match(hover.contents, /What Clause Guide checks\*\*\n\n- At least one requirement exists for each of installation[^\n]* — `phase-missing`/);
    assert.match(hover.contents, /What you must show/);
    // A line no rule checks is never listed as checked.
    assert.doesNotMatch(hover.contents.split('What you must show')[0], /one testable thing/);
    assert.match(hover.contents, /Common gaps/);
    assert.ok(hover.contents.includes(clause.auditor_question!));
    assert.ok(hover.contents.includes(clause.related![0]));
  });

  it('says where an Annex D mapping is inferred, where Annex D does not list a clause, and when a clause is informative or transitional', () => {
    const hover = (id: string) => {
      const { text, cursors } = fixture(`See §‸${id}.`);
      return hoverAt(parse(text, 'notes.md'), cursors[0], catalog)!.contents;
    };
    assert.match(hover('7.1.1'), /IEC 62443-4-1: SR-1 \(inferred from the mapping of §7\.1\)/);
    assert.match(hover('4.3'), /IEC 62443-4-1: not listed in Annex D/);
    assert.match(hover('E.2.3'), /Informative: gaps here are recommendations/);
    assert.match(hover('F.2'), /Applies only to a product declared transitional health software/);
    assert.doesNotMatch(hover('5.3.1'), /Informative|transitional/);
  });

  it('answers on the designation prefix too, and not just beside the reference', () => {
    const { text, cursors } = fixture('‸IEC 81001-5-1 5.3.1 ‸ and');
    const document = parse(text, 'notes.md');
    assert.match(hoverAt(document, cursors[0], catalog)!.contents, /Defense-in-depth/);
    assert.equal(hoverAt(document, { line: 0, character: cursors[1].character + 2 }, catalog), null);
  });

  it('returns the official title for every clause of the catalog', () => {
    for (const clause of catalog.clauses) {
      if (!/\d/.test(clause.id)) continue; // the annex itself ("E") is cited as E.x
      const { text, cursors } = fixture(`See §‸${clause.id}.`);
      const hover = hoverAt(parse(text, 'notes.md'), cursors[0], catalog);
      assert.ok(hover?.contents.includes(clause.title), `hover of ${clause.id}`);
    }
  });

  it('includes the official text only when the user supplied it', () => {
    const { text, cursors } = fixture('kind: threat-model\nclauses: ["7.‸2"]\n');
    const document = parse(text, 'tm.yaml');
    const official = parseOfficialText('"7.2": The licensed wording of 7.2.\n', 'clauses.yaml');
    assert.match(hoverAt(document, cursors[0], catalog, official)!.contents, /Official text[\s\S]*The licensed wording of 7\.2\./);
    assert.doesNotMatch(hoverAt(document, cursors[0], catalog)!.contents, /licensed wording/);
  });

  it('explains an unknown number and suggests the nearest clause', () => {
    const { text, cursors } = fixture('See §5.‸3.9.');
    const hover = hoverAt(parse(text, 'notes.md'), cursors[0], catalog)!;
    assert.match(hover.contents, /not a clause of IEC 81001-5-1:2021/);
    assert.match(hover.contents, /`5\.3\.1`/);
  });
});

describe('official text file', () => {
  it('reads Markdown headings, one clause each, skipping empty parents', () => {
    const text = parseOfficialText('# 5.3 Architecture\n## 5.3.1 Defense\nWords one.\n\n## §5.3.2 Practices\nWords two.\n', 'iec.md');
    assert.deepEqual([...text], [['5.3.1', 'Words one.'], ['5.3.2', 'Words two.']]);
  });

  it('reads a list of {id, text}', () => {
    const text = parseOfficialText('clauses:\n  - id: "8"\n    text: Eight.\n', 'iec.yaml');
    assert.equal(text.get('8'), 'Eight.');
  });
});
