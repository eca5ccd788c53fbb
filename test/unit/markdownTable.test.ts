// Markdown item tables: one reader of rows for the model and for completion in a cell, suppression
// comments between rows, and the suppress fix on a row.
import { strict as assert } from 'node:assert';
import { buildModel, valueCompletionsAt, WorkspaceIndex } from '../../server/src/engine';
import { fixture, parse } from '../support/fixtures';
import { analyzeFiles, applyFix, onlyRules } from '../support/workspace';

const THREATS = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Spoofed pump\n  - id: TH-2\n    title: Replayed dose\n';

const TABLE = `---
kind: threat-model
---
# Threats
| ID | Title | Risk |
|----|-------|------|
| TH-1 | Spoofed pump | high |
<!-- clause-guide-disable-next-line invalid-value -- legacy scale until the 2027 re-assessment (D. Ruiz) -->
| TH-2 | Replayed dose | severe |
| TH-3 | Tampered log | extreme |
`;

describe('Markdown tables: suppression comments between rows', () => {
  it('keeps reading the rows after a suppression comment', () => {
    const model = buildModel(parse(TABLE, 'tm.md'))!;
    assert.deepEqual(
      model.items.map((item) => item.id?.text),
      ['TH-1', 'TH-2', 'TH-3'],
    );
    assert.equal(model.collections.threats!.items.length, 3);
  });

  it('silences the row below the comment, and only that row', () => {
    const found = analyzeFiles({ 'tm.md': TABLE }, onlyRules('invalid-value', 'suppression-without-reason')).findings;
    assert.deepEqual(
      found.map((finding) => [finding.rule, finding.range.start.line]),
      [['invalid-value', 9]],
      'TH-3 (line 10) is still checked; TH-2 is suppressed',
    );
  });

  it('ends the table at a comment that no row follows', () => {
    const text = `---\nkind: threat-model\n---\n| ID | Title |\n|--|--|\n| TH-1 | One |\n<!-- clause-guide-disable-next-line unknown-clause -- quoted -->\nSee §99.1.\n`;
    const model = buildModel(parse(text, 'tm.md'))!;
    const append = model.collections.threats!.append!;
    assert.equal(parse(text, 'tm.md').lines.positionAt(append.offset).line, 5, 'a new row goes after the last row, not after the comment');
  });
});

describe('Markdown tables: the suppress fix on a row', () => {
  it('is offered on a table row and, once its reason is written, leaves no finding and every row in the model', () => {
    const files = { 'tm.md': '---\nkind: threat-model\n---\n| ID | Title | Risk |\n|----|-------|------|\n| TH-1 | One | high |\n| TH-2 | Two | severe |\n| TH-3 | Three | low |\n' };
    const config = onlyRules('invalid-value', 'suppression-without-reason');
    const [finding] = analyzeFiles(files, config).of('invalid-value');
    assert.ok(finding, 'severe is not a risk level');
    const suppress = finding.fixes?.().find((fix) => fix.title.startsWith('Suppress'));
    assert.ok(suppress, 'a suppress fix is offered on a table row');
    const fixed = applyFix(files, suppress);
    const reasoned = { 'tm.md': fixed['tm.md'].replace('TODO: say why this is acceptable', 'legacy scale, accepted by D. Ruiz') };
    const after = analyzeFiles(reasoned, config);
    assert.deepEqual(after.findings, []);
    assert.deepEqual(
      after.index.items('threats').map((item) => item.id?.text),
      ['TH-1', 'TH-2', 'TH-3'],
    );
  });
});

describe('Markdown tables: completion reads the table the model reads', () => {
  function completionsIn(marked: string): string[] {
    const { text, cursors } = fixture(marked);
    const index = new WorkspaceIndex();
    index.update(parse(THREATS, 'threats.yaml'));
    const parsed = parse(text, 'req.md');
    index.update(parsed);
    return valueCompletionsAt(index, parsed, cursors[0]).map((completion) => completion.label);
  }

  it('offers ids in a row below a suppression comment', () => {
    const marked = `---\nkind: security-requirements\n---\n| ID | Text | Threats |\n|----|------|---------|\n| SR-1 | One | TH-1 |\n<!-- clause-guide-disable-next-line requirement-unverified -- prototype only -->\n| SR-2 | Two | ‸ |\n`;
    assert.deepEqual(completionsIn(marked), ['TH-1', 'TH-2']);
  });

  it('offers nothing under a header whose separator line is no separator (the model reads no table there)', () => {
    const marked = `---\nkind: security-requirements\n---\n| ID | Text | Threats |\n| :: | :: | :: |\n| SR-1 | One | ‸ |\n`;
    assert.equal(buildModel(parse(marked.replace('‸', ''), 'req.md'))!.items.length, 0);
    assert.deepEqual(completionsIn(marked), []);
  });
});
