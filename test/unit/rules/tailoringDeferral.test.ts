import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, clauseCoverage } from '../../../server/src/engine';
import { parse, testCatalog, textAt } from '../../support/fixtures';
import { analyzeFiles } from '../../support/workspace';

const DUE_MISSING = 'tailoring-deferral-due-missing';
const OVERDUE = 'tailoring-deferral-overdue';
const TODAY = '2026-12-04';

const record = (entry: string) =>
  'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: 8 years medical-device security; CSSLP\nentries:\n' +
  '  - clause: "5.7.4"\n    decision: deferred\n    justification: The external lab is booked for the first quarter; until then the internal red team covers the gateway.\n' +
  '    approved_by: Dana Ruiz\n    date: 2026-10-01\n' +
  entry;

const mdRecord = (due: string) =>
  '---\nkind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n---\n# Tailoring\n\n## Entries\n' +
  '| ID | Clause | Decision | Justification | Approved by | Date | Due |\n|----|--------|----------|---------------|-------------|------|-----|\n' +
  `| TL-1 | 5.7.4 | deferred | The external lab is booked for the first quarter. | Dana Ruiz | 2026-10-01 | ${due} |\n`;

describe(DUE_MISSING, () => {
  it('fires on a deferral without `due`, at its decision, as an error of 5.1.1', () => {
    const files = { 't.yaml': record('') };
    const [finding, ...rest] = analyzeFiles(files).of(DUE_MISSING);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.1.1');
    assert.equal(textAt(files['t.yaml'], finding.range), 'deferred');
    assert.match(finding.message, /tailoring entry for 5\.7\.4 defers the clause without saying by when\. Add `due:` with the date/);
  });

  it('counts an empty or placeholder `due` as none, and leaves a wrong date to invalid-value', () => {
    for (const due of ['', '""', 'TBD', 'TODO']) assert.equal(analyzeFiles({ 't.yaml': record(`    due: ${due}\n`) }).of(DUE_MISSING).length, 1, `due: ${due}`);
    const files = { 't.yaml': record('    due: next spring\n') };
    assert.equal(analyzeFiles(files).of(DUE_MISSING).length, 0);
    assert.equal(analyzeFiles(files).of('invalid-value').length, 1, 'the value is reported as no date');
  });

  it('is quiet for a deferral with a date, and for the other decisions', () => {
    assert.equal(analyzeFiles({ 't.yaml': record('    due: 2027-03-31\n') }).of(DUE_MISSING).length, 0);
    const notApplicable = record('').replace('decision: deferred', 'decision: not-applicable');
    assert.equal(analyzeFiles({ 't.yaml': notApplicable }).of(DUE_MISSING).length, 0);
  });

  it('reads the Markdown form: an empty Due cell is no date', () => {
    const files = { 't.md': mdRecord('') };
    const [finding] = analyzeFiles(files).of(DUE_MISSING);
    assert.ok(finding, 'fires on the row');
    assert.equal(textAt(files['t.md'], finding.range), 'deferred');
    assert.match(finding.message, /Due cell/);
    assert.equal(analyzeFiles({ 't.md': mdRecord('2027-03-31') }).of(DUE_MISSING).length, 0);
  });
});

describe(OVERDUE, () => {
  it('fires when `due` lies before today, at the date, as an error of 5.1.1', () => {
    const files = { 't.yaml': record('    due: 2026-11-30\n') };
    const [finding, ...rest] = analyzeFiles(files, {}, undefined, TODAY).of(OVERDUE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.1.1');
    assert.equal(textAt(files['t.yaml'], finding.range), '2026-11-30');
    assert.match(finding.message, /deferral of 5\.7\.4 was due on 2026-11-30/);
  });

  it('is quiet on the due day and after it, without a today from the host, and for other decisions', () => {
    assert.equal(analyzeFiles({ 't.yaml': record(`    due: ${TODAY}\n`) }, {}, undefined, TODAY).of(OVERDUE).length, 0);
    assert.equal(analyzeFiles({ 't.yaml': record('    due: 2027-03-31\n') }, {}, undefined, TODAY).of(OVERDUE).length, 0);
    assert.equal(analyzeFiles({ 't.yaml': record('    due: 2026-11-30\n') }).of(OVERDUE).length, 0, 'no today, no judgement');
    const alternative = record('    due: 2026-11-30\n').replace('decision: deferred', 'decision: alternative');
    assert.equal(analyzeFiles({ 't.yaml': alternative }, {}, undefined, TODAY).of(OVERDUE).length, 0);
  });

  it('reads the Markdown form', () => {
    const files = { 't.md': mdRecord('2026-01-15') };
    const [finding] = analyzeFiles(files, {}, undefined, TODAY).of(OVERDUE);
    assert.equal(textAt(files['t.md'], finding.range), '2026-01-15');
  });

  it('is judged again when the day changes, though the documents did not (a server runs for days)', () => {
    const index = new WorkspaceIndex();
    index.update(parse(record('    due: 2026-12-05\n'), 't.yaml'));
    const analyzer = new Analyzer(testCatalog());
    const overdue = (today: string) => [...analyzer.analyze(index, DEFAULT_CONFIG, { today }).values()].flat().filter((f) => f.rule === OVERDUE).length;
    assert.equal(overdue('2026-12-05'), 0);
    assert.equal(overdue('2026-12-06'), 1);
  });

  it('leaves the clause pending in coverage: an overdue deferral is no decision any more', () => {
    const index = new WorkspaceIndex();
    index.update(parse(record('    due: 2026-11-30\n'), 't.yaml'));
    const status = (today?: string) => clauseCoverage(index, testCatalog(), DEFAULT_CONFIG, { today }).find((entry) => entry.clause.id === '5.7.4')!;
    assert.equal(status().status, 'tailored', 'without a today the date is not judged');
    const judged = status(TODAY);
    assert.equal(judged.status, 'pending');
    assert.ok(judged.gaps.some((gap) => /deferral was due on 2026-11-30/.test(gap)), judged.gaps.join('; '));
  });
});
