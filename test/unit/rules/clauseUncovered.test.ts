import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, DOCUMENT_KINDS, WorkspaceIndex, type Finding } from '../../../server/src/engine';
import { clauseCoverage, coverageTotals } from '../../../server/src/engine/coverage';
import { planTailoringRecord, applyTextEdits } from '../../../server/src/engine/reports/tailoring';
import { parse, testCatalog, textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, uriOf } from '../../support/workspace';

const RULE = 'clause-uncovered';
const catalog = testCatalog();
/** 7.3 (every threat rated), 5.4.1 and 4.1.5 (records) apply: small, readable workspaces. */
const scope = { clauses: { include: ['7.3', '5.4.1', '4.1.5'], exclude: [] } };

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  return index;
}

const statuses = (files: Record<string, string>, config: object = scope, options = {}) =>
  Object.fromEntries(clauseCoverage(indexOf(files), catalog, { ...DEFAULT_CONFIG, ...config }, options).map((row) => [row.clause.id, row.status]));

const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Tampered update\n    risk: high\n';
const approvers = 'approvers:\n  - name: Dana Ruiz\n    role: PSO\n    security_expertise: CSSLP, 8 years device security\n';
const tailoring = (entries: string) => `kind: tailoring-record\n${approvers}entries:\n${entries}`;
const decided = (clause: string) =>
  `  - clause: "${clause}"\n    decision: not-applicable\n    justification: The gateway has no third-party components in this release.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n`;
const undecided = (clause: string) => `  - clause: "${clause}"\n    decision: ""\n    justification: ""\n    approved_by: ""\n`;

describe(RULE, () => {
  it('reports once per project, with the counts and the clauses, at the tailoring record', () => {
    const record = tailoring(undecided('5.4.1'));
    const files = { 'tm.yaml': `${threatModel}clauses: ["4.1.5"]\n`, 't.yaml': record };
    const findings = analyzeFiles(files, scope).of(RULE);
    assert.equal(findings.length, 1, 'one finding, not one per clause');
    const [finding] = findings;
    assert.equal(
      finding.message,
      '2 of 3 applicable clauses are not covered (1 claimed, 1 pending): 4.1.5, 5.4.1. Show Coverage lists what each one lacks; ' +
        'meet its evidence criteria with content, or decide, justify and approve a tailoring entry for it.',
    );
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.clause, null);
    assert.equal(finding.uri, uriOf('t.yaml'));
    assert.equal(textAt(record, finding.range), 'entries');
  });

  it('reports at the first lifecycle plan, else at the first document, when there is no tailoring record', () => {
    const plan = 'kind: lifecycle-plan\nphases:\n  - name: design\n';
    const [atPlan] = analyzeFiles({ 'a-tm.yaml': threatModel, 'plan.yaml': plan }, scope).of(RULE);
    assert.equal(atPlan.uri, uriOf('plan.yaml'));
    assert.equal(textAt(plan, atPlan.range), 'lifecycle-plan');
    const [atFirst] = analyzeFiles({ 'tm.yaml': threatModel }, scope).of(RULE);
    assert.equal(textAt(threatModel, atFirst.range), 'threat-model');
  });

  it('is silent without security documents, and when every clause is covered or tailored by a decision', () => {
    assert.deepEqual(analyzeFiles({ 'README.md': '# Notes\nSee §5.4.3.\n', 'ci.yml': 'name: ci\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({}).of(RULE), []);
    const files = { 'tm.yaml': threatModel, 't.yaml': tailoring(decided('5.4') + decided('4.1.5')) };
    assert.deepEqual(analyzeFiles(files, scope).of(RULE), []);
  });

  it('offers to plan tailoring with undecided entries, which stay pending (no decision is made for the person)', () => {
    const record = tailoring(decided('7.3'));
    const files = { 't.yaml': record };
    const [finding] = analyzeFiles(files, scope).of(RULE);
    const [show, plan, suppress] = finding.fixes!();
    assert.deepEqual([show.title, show.edits, show.command], ['Show Coverage: what each clause lacks', {}, { command: 'clauseGuide.showCoverage' }], 'the detail is the coverage view\'s');
    assert.equal(plan.title, 'Plan tailoring: add undecided entries for the 2 clauses without evidence');
    assert.match(suppress.title, /^Suppress clause-uncovered here/);
    const fixed = applyFix(files, plan);
    assert.equal(fixed['t.yaml'], record + undecided('4.1.5') + undecided('5.4.1'));
    assert.deepEqual(statuses(fixed), { '4.1.5': 'pending', '5.4.1': 'pending', '7.3': 'tailored' });
    const [after] = analyzeFiles(fixed, scope).of(RULE);
    assert.match(after.message, /^2 of 3 applicable clauses are not covered \(2 pending\)/, 'planning closes no gap');
  });

  it('without a tailoring record, plans tailoring through Generate Tailoring Record, which creates one', () => {
    const files = { 'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay\n' };
    const [finding] = analyzeFiles(files, scope).of(RULE);
    const titles = finding.fixes!().map((fix) => [fix.title, fix.command?.command ?? null, Object.keys(fix.edits).length]);
    assert.deepEqual(titles.slice(0, 2), [
      ['Show Coverage: what each clause lacks', 'clauseGuide.showCoverage', 0],
      ['Plan tailoring… (Generate Tailoring Record: undecided entries to decide)', 'clauseGuide.generateTailoringRecord', 0],
    ]);
  });

  it('numbers planned entries after the record’s own ids, one id each', () => {
    const withIds = tailoring(`  - id: TL-07\n${decided('7.3').replace('  - clause', '    clause')}`);
    const [finding] = analyzeFiles({ 't.yaml': withIds }, scope).of(RULE);
    const fixed = applyFix({ 't.yaml': withIds }, finding.fixes!()[1]);
    assert.match(fixed['t.yaml'], /\n  - id: TL-08\n    clause: "4\.1\.5"\n    decision: ""\n[\s\S]*\n  - id: TL-09\n    clause: "5\.4\.1"\n/);
  });

  it('plans tailoring in a Markdown record’s table, with the decision left empty', () => {
    const table =
      `---\nkind: tailoring-record\n${approvers}---\n# Tailoring\n\n## Entries\n` +
      '| ID | Clause | Decision | Justification | Approved by | Date |\n|----|--------|----------|---------------|-------------|------|\n' +
      '| TL-01 | 5.4 | not-applicable | No custom interfaces in this product line. | Dana Ruiz | 2026-10-01 |\n';
    const files = { 't.md': table };
    const [finding] = analyzeFiles(files, scope).of(RULE);
    assert.equal(textAt(table, finding.range), 'tailoring-record');
    const fixed = applyFix(files, finding.fixes!()[1]);
    assert.ok(fixed['t.md'].startsWith(table), fixed['t.md']);
    assert.match(fixed['t.md'].slice(table.length), /^\| TL-02 \| 4\.1\.5 \|  \|  \|  \|/);
    assert.equal(statuses(fixed)['4.1.5'], 'pending');
  });
});

describe('clauseCoverage', () => {
  it('tells covered from claimed from tailored from pending from missing', () => {
    const files = {
      'tm.yaml': `${threatModel}clauses: ["5.4.1"]\n`,
      't.yaml': tailoring(undecided('4.1.5')),
    };
    assert.deepEqual(statuses(files), { '4.1.5': 'pending', '5.4.1': 'claimed', '7.3': 'covered' });
    assert.deepEqual(statuses({ 'tm.yaml': threatModel, 't.yaml': tailoring(decided('4.1.5')) }), { '4.1.5': 'tailored', '5.4.1': 'missing', '7.3': 'covered' });
  });

  it('says which statement met each criterion and what a clause lacks', () => {
    const files = { 'tm.yaml': `${threatModel}  - id: TH-2\n    title: Replay\n`, 'rr.yaml': 'kind: release-record\nrelease: "1.0"\ndecision: pending\nactivities:\n  - clause: "5.4.1"\n    status: done\n    record: x\n' };
    const rows = clauseCoverage(indexOf(files), catalog, { ...DEFAULT_CONFIG, ...scope });
    const rated = rows.find((row) => row.clause.id === '7.3')!;
    assert.equal(rated.status, 'missing', 'TH-1 alone being rated meets no criterion, and nothing cites 7.3');
    assert.deepEqual(rated.gaps, ['Every threat carries a risk rating. Missing: 1 of 2 threats lack risk (threat TH-2).']);
    const design = rows.find((row) => row.clause.id === '5.4.1')!;
    assert.equal(design.status, 'claimed', 'the done activity claims it');
    assert.match(design.gaps[0], /"x" is neither a file in the repository nor a document id with version and approval date/);
    const covered = clauseCoverage(indexOf({ 'tm.yaml': threatModel }), catalog, { ...DEFAULT_CONFIG, ...scope }).find((row) => row.clause.id === '7.3')!;
    assert.equal(covered.status, 'covered');
    assert.deepEqual(covered.criteria.map((result) => [result.met, result.where.map((where) => `${where.what} at ${textAt(threatModel, where.range)}`)]), [[true, ['threat TH-1 at TH-1']]]);
  });

  it('keeps a clause whose own rules report open findings from covered', () => {
    const files = { 'tm.yaml': threatModel };
    const open: Finding = { uri: uriOf('tm.yaml'), rule: 'some-7.3-rule', clause: '7.3', severity: 'warning', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' };
    assert.equal(statuses(files, scope, { findings: [open] })['7.3'], 'claimed');
    assert.equal(statuses(files, scope, { findings: [{ ...open, severity: 'hint' }] })['7.3'], 'covered', 'a hint is no open finding');
  });

  it('counts a record of a file that exists, and a parent citation as a claim on its subclauses', () => {
    const release = 'kind: release-record\nrelease: "1.0"\ndecision: pending\nactivities:\n  - clause: "5.4.1"\n    status: done\n    record: reports/design-review.pdf\n';
    assert.equal(statuses({ 'rr.yaml': release })['5.4.1'], 'claimed', 'a done activity claims the clause; without a host to confirm the file it is no evidence');
    assert.equal(statuses({ 'rr.yaml': release }, scope, { recordExists: () => true })['5.4.1'], 'covered');
    assert.equal(statuses({ 'plan.yaml': 'kind: lifecycle-plan\nclauses: ["5.4"]\n' })['5.4.1'], 'claimed');
  });

  it('covers nothing in a workspace of one-line stubs of every kind citing every clause, and the tailoring generator leaves all of it pending', () => {
    const every = catalog.clauses.map((clause) => `"${clause.id}"`).join(', ');
    const stubs = Object.fromEntries(DOCUMENT_KINDS.map((kind) => [`${kind}.yaml`, `kind: ${kind}\nclauses: [${every}]\n`]));
    const before = clauseCoverage(indexOf(stubs), catalog, DEFAULT_CONFIG, { recordExists: () => true });
    assert.equal(coverageTotals(before).covered, 0);
    assert.equal(coverageTotals(before).claimed, before.length);
    const index = indexOf(stubs);
    const plan = planTailoringRecord(index, catalog, DEFAULT_CONFIG, { newFileUri: uriOf('tailoring-record-2.yaml') });
    assert.equal(plan.problem, undefined);
    const record = index.documentsOfKind('tailoring-record')[0];
    const written = applyTextEdits(record.parsed.source.text, plan.edits!);
    const after = clauseCoverage(indexOf({ ...stubs, 'tailoring-record.yaml': written }), catalog, DEFAULT_CONFIG, { recordExists: () => true });
    assert.deepEqual(coverageTotals(after), { covered: 0, tailored: 0, pending: after.length, claimed: 0, missing: 0 });
  });

  it('checks only leaf clauses of chapters 4–9 and Annex E, and Annex F once the product is declared transitional', () => {
    const ids = (config: object) => clauseCoverage(indexOf({ 'plan.yaml': 'kind: lifecycle-plan\n' }), catalog, { ...DEFAULT_CONFIG, ...config }).map((row) => row.clause.id);
    const all = ids({});
    assert.ok(all.includes('E.2.4') && all.includes('E.3') && all.includes('8') && all.includes('9.1'));
    assert.ok(!all.includes('5.4') && !all.includes('E.2') && !all.includes('E'), 'parents are covered through their leaves');
    assert.ok(!all.includes('E.1'), 'E.1 is an overview and asks for no evidence');
    assert.ok(!all.some((id) => id.startsWith('F')), 'Annex F applies only to a product declared transitional');
    const transitional = ids({ transitional: true });
    assert.deepEqual(transitional.filter((id) => id.startsWith('F')), ['F.2', 'F.3', 'F.4']);
    assert.ok(!ids({ clauses: { include: [], exclude: ['9', 'E'] } }).some((id) => /^(9|E)\b/.test(id)));
  });

  it('never throws on odd values', () => {
    const odd = { 'x.yaml': 'kind: lifecycle-plan\nclauses: 5.4.1\nphases:\n  - name: a\n    activities: {x: 1}\n', 'y.yaml': 'kind: tailoring-record\nentries:\n  - clause: [5.4]\n  - clause: 42\n' };
    const rows = clauseCoverage(indexOf(odd), catalog, DEFAULT_CONFIG);
    assert.ok(rows.length > 50);
    assert.ok(rows.every((row) => catalog.children(row.clause.id).length === 0));
  });
});
