import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, WorkspaceIndex } from '../../../server/src/engine';
import { clauseCoverage } from '../../../server/src/engine/coverage';
import { parse, testCatalog, textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'clause-uncovered';
const NEW_ENTRY_RULES = ['tailoring-justification-missing', 'tailoring-approval-missing'];
const catalog = testCatalog();
/** Only 5.4.1–5.4.4 (evidence: security-architecture) and 4.1.5 (no evidence kind) apply: small, readable workspaces. */
const scope = { clauses: { include: ['5.4', '4.1.5'], exclude: [] } };
const uncovered = (files: Record<string, string>, config: object = scope) =>
  analyzeFiles(files, config)
    .of(RULE)
    .map((f) => /^Clause (\S+)/.exec(f.message)![1]);

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Tampered update\n';
const tailoring = (entries: string) => `kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\nentries:\n${entries}`;
const entry = (clause: string) => `  - clause: "${clause}"\n    decision: not-applicable\n    justification: Not in scope.\n    approved_by: Dana Ruiz\n`;

describe(RULE, () => {
  it('fires once per applicable clause with neither evidence nor tailoring, with the documented message', () => {
    const files = { 'tm.yaml': threatModel };
    const findings = analyzeFiles(files, scope).of(RULE);
    assert.deepEqual(findings.map((f) => /^Clause (\S+)/.exec(f.message)![1]), ['4.1.5', '5.4.1', '5.4.2', '5.4.3', '5.4.4']);
    const f543 = findings.find((f) => f.message.startsWith('Clause 5.4.3'))!;
    assert.equal(
      f543.message,
      'Clause 5.4.3 (Secure health software interfaces) has no evidence and no tailoring entry. Cite it under `clauses:` in the document that shows it, or add a tailoring entry.',
    );
    assert.equal(f543.severity, 'warning');
    assert.equal(f543.clause, null);
    assert.equal(textAt(threatModel, f543.range), 'threat-model', 'no plan and no tailoring record: the first document');
  });

  it('checks only leaf clauses of chapters 4–9 and Annex E, and those the configuration applies', () => {
    const all = uncovered({ 'tm.yaml': threatModel }, {});
    assert.ok(all.includes('E.2.4') && all.includes('E.3') && all.includes('8') && all.includes('9.1'));
    assert.ok(!all.includes('5.4') && !all.includes('5') && !all.includes('E.2') && !all.includes('E'), 'parents are covered through their leaves');
    assert.ok(!all.includes('7.2'), 'a threat model is evidence for 7.2');
    assert.ok(!uncovered({ 'tm.yaml': threatModel }, { clauses: { include: [], exclude: ['9', 'E'] } }).some((id) => /^(9|E)\b/.test(id)));
  });

  it('is silent when the workspace has no security document', () => {
    assert.deepEqual(analyzeFiles({ 'README.md': '# Notes\nSee §5.4.3.\n', 'ci.yml': 'name: ci\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({}).of(RULE), []);
  });

  it('reports at the first tailoring record’s entries key, else at the first lifecycle plan', () => {
    const plan = 'kind: lifecycle-plan\nphases:\n  - name: design\n    activities:\n      - id: ACT-1\n        clauses: ["5.4.1"]\n';
    const withPlan = analyzeFiles({ 'a-tm.yaml': threatModel, 'plan.yaml': plan }, scope).of(RULE);
    assert.ok(withPlan.length > 0 && withPlan.every((f) => f.uri === uriOf('plan.yaml') && textAt(plan, f.range) === 'lifecycle-plan'));
    const record = tailoring(entry('4.1.5'));
    const withRecord = analyzeFiles({ 'a-tm.yaml': threatModel, 'plan.yaml': plan, 'z.yaml': record }, scope).of(RULE);
    assert.ok(withRecord.length > 0 && withRecord.every((f) => f.uri === uriOf('z.yaml') && textAt(record, f.range) === 'entries'));
  });

  it('counts evidence and tailoring from every file together', () => {
    const files = {
      'tm.yaml': 'kind: threat-model\nclauses: ["5.4.1", "§5.4.2"]\n',
      'plan.md': '---\nkind: lifecycle-plan\n---\n# Plan\n| ID | Title | Clauses |\n|---|---|---|\n| ACT-1 | Interface review | 5.4.3 |\n',
      'rel.yaml': 'kind: release-record\nactivities:\n  - clause: "5.4.4"\n    status: done\n    record: r.pdf\n  - clause: "4.1.5"\n    status: not-done\n',
    };
    assert.deepEqual(uncovered(files), ['4.1.5'], 'a not-done activity is no evidence');
    assert.deepEqual(uncovered({ ...files, 't.yaml': tailoring(entry('4.1')) }), [], 'a parent entry tailors its subclauses');
  });

  it('takes a document of an evidence kind as evidence', () => {
    assert.deepEqual(uncovered({ 'arch.yaml': 'kind: security-architecture\nlayers: [network]\n' }), ['4.1.5']);
  });

  it('offers a tailoring entry in the first tailoring record that resolves it (YAML)', () => {
    const record = tailoring(entry('4.1.5'));
    const files = { 'tm.yaml': threatModel, 't.yaml': record };
    const finding = analyzeFiles(files, scope).of(RULE).find((f) => f.message.startsWith('Clause 5.4.3'))!;
    assert.deepEqual(finding.fixes!().map((f) => f.title), [
      'Add a tailoring entry for 5.4.3',
      `Suppress ${RULE} on this line (with a reason) — also hides the 3 other ${RULE} findings here`,
    ]);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0], NEW_ENTRY_RULES, scope);
    assert.equal(fixed['t.yaml'], record + '  - clause: "5.4.3"\n    decision: not-applicable\n    justification: ""\n    approved_by: ""\n');
    const after = analyzeFiles(fixed, scope);
    assert.equal(after.of('tailoring-justification-missing').length, 1, 'the justification is left for a person to write');
    assertFixResolves(files, finding, finding.fixes!()[1], ['suppression-without-reason'], scope);
  });

  it('adds the entries list, with ids when the record’s entries have them', () => {
    const bare = 'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n';
    const files = { 't.yaml': bare };
    const finding = analyzeFiles(files, scope).of(RULE).find((f) => f.message.startsWith('Clause 4.1.5'))!;
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0], NEW_ENTRY_RULES, scope);
    assert.equal(fixed['t.yaml'], bare + 'entries:\n  - clause: "4.1.5"\n    decision: not-applicable\n    justification: ""\n    approved_by: ""\n');

    const withIds = tailoring(`  - id: TL-07\n${entry('5.4.1').replace('  - clause', '    clause')}`);
    const [first] = analyzeFiles({ 't.yaml': withIds }, scope).of(RULE);
    const withIdsFixed = assertFixResolves({ 't.yaml': withIds }, first, first.fixes!()[0], NEW_ENTRY_RULES, scope);
    assert.match(withIdsFixed['t.yaml'], /\n  - id: TL-08\n    clause: "4\.1\.5"\n/);
  });

  it('offers no tailoring entry when there is no tailoring record', () => {
    const [finding] = analyzeFiles({ 'tm.yaml': threatModel }, scope).of(RULE);
    assert.ok(finding.fixes!().every((f) => f.title.startsWith('Suppress')));
  });

  describe('in Markdown', () => {
    const table =
      '---\nkind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n---\n# Tailoring\n\n## Entries\n' +
      '| ID | Clause | Decision | Justification | Approved by |\n|----|--------|----------|---------------|-------------|\n' +
      '| TL-01 | 5.4 | deferred | Interfaces come in 3.0. | Dana Ruiz |\n';

    it('fires at the kind value of a Markdown tailoring record and appends a row', () => {
      const files = { 't.md': table };
      const [finding, ...rest] = analyzeFiles(files, scope).of(RULE);
      assert.equal(rest.length, 0, '5.4.x are tailored by the 5.4 row');
      assert.match(finding.message, /^Clause 4\.1\.5 \(Software items from third-party suppliers\)/);
      assert.equal(textAt(table, finding.range), 'tailoring-record');
      const fixed = assertFixResolves(files, finding, finding.fixes!()[0], NEW_ENTRY_RULES, scope);
      assert.equal(fixed['t.md'], table + '| TL-02 | 4.1.5 | not-applicable |  |  |\n');
    });

    it('adds an entries table to a Markdown tailoring record without one', () => {
      const noTable = '---\nkind: tailoring-record\n---\n# Tailoring\n';
      const files = { 't.md': noTable };
      const finding = analyzeFiles(files, scope).of(RULE).find((f) => f.message.startsWith('Clause 5.4.3'))!;
      const fixed = assertFixResolves(files, finding, finding.fixes!()[0], NEW_ENTRY_RULES, scope);
      assert.match(fixed['t.md'], /\n## Tailoring entries\n\| ID \| Clause \| Decision \| Justification \| Approved by \|\n\|----\|----\|----\|----\|----\|\n\| TL-001 \| 5\.4\.3 \| not-applicable \|  \|  \|\n$/);
    });

    it('is silent when Markdown documents cover every clause', () => {
      const plan = '---\nkind: lifecycle-plan\nclauses: ["4.1.5"]\n---\n# Plan\n';
      assert.deepEqual(uncovered({ 't.md': table, 'plan.md': plan }), []);
    });
  });
});

describe('clauseCoverage', () => {
  const files = {
    'arch.yaml': 'kind: security-architecture\nclauses: ["5.4.3"]\n',
    't.yaml': tailoring(entry('5.4.4')),
  };

  it('gives each applicable leaf clause a status, its evidence and its tailoring entry', () => {
    const rows = clauseCoverage(indexOf(files), catalog, { ...DEFAULT_CONFIG, ...scope });
    assert.deepEqual(rows.map((row) => [row.clause.id, row.status]), [
      ['4.1.5', 'missing'],
      ['5.4.1', 'covered'],
      ['5.4.2', 'covered'],
      ['5.4.3', 'covered'],
      ['5.4.4', 'tailored'],
    ]);
    const f543 = rows.find((row) => row.clause.id === '5.4.3')!;
    assert.deepEqual(f543.evidence.map((e) => [e.uri, textAt(files['arch.yaml'], e.range)]), [
      [uriOf('arch.yaml'), '5.4.3'],
      [uriOf('arch.yaml'), 'security-architecture'],
    ], 'the citation first, then the document of an evidence kind');
    const f544 = rows.find((row) => row.clause.id === '5.4.4')!;
    assert.equal(f544.tailoring!.uri, uriOf('t.yaml'));
    assert.equal(textAt(files['t.yaml'], f544.tailoring!.range), '5.4.4');
    assert.equal(f544.evidence.length, 1, 'the evidence is still listed for a tailored clause');
    assert.equal(rows.find((row) => row.clause.id === '4.1.5')!.evidence.length, 0);
  });

  it('covers the whole catalog scope by default and never throws on odd values', () => {
    const odd = { 'x.yaml': 'kind: lifecycle-plan\nclauses: 5.4.1\nphases:\n  - name: a\n    activities: {x: 1}\n', 'y.yaml': 'kind: tailoring-record\nentries:\n  - clause: [5.4]\n  - clause: 42\n' };
    const rows = clauseCoverage(indexOf(odd), catalog, DEFAULT_CONFIG);
    assert.ok(rows.length > 50);
    assert.ok(rows.every((row) => catalog.children(row.clause.id).length === 0));
  });

  it('leaves overview sections (E.1) and Annex F (transitional software only) out of coverage', () => {
    const ids = clauseCoverage(indexOf({ 'plan.yaml': 'kind: lifecycle-plan\n' }), catalog, DEFAULT_CONFIG).map((row) => row.clause.id);
    assert.ok(ids.includes('E.2.1') && ids.includes('E.3'), 'Annex E leaves are coverage targets');
    assert.ok(!ids.includes('E.1'), 'E.1 is an overview and asks for no evidence');
    assert.ok(!ids.some((id) => id.startsWith('F')), 'Annex F applies only to a product declared transitional');
  });
});
