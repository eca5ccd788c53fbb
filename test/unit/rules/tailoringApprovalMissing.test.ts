import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'tailoring-approval-missing';

const approvers =
  'approvers:\n' +
  '  - name: Dana Ruiz\n    role: Product Security Officer\n    security_expertise: 8 years medical-device security; CSSLP\n' +
  '  - name: Sam Lee\n    role: Project manager\n';
const record = (entry: string, people = approvers, date = '    date: 2026-10-01\n') =>
  `kind: tailoring-record\n${people}entries:\n  - clause: "5.7.4"\n    decision: not-applicable\n    justification: No network interface.\n${date}${entry}`;

describe(RULE, () => {
  it('fires when approved_by is missing, at the entry clause, and offers the qualified approvers', () => {
    const files = { 't.yaml': record('') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.1.1');
    assert.equal(textAt(files['t.yaml'], finding.range), '5.7.4');
    assert.match(finding.message, /5\.7\.4 is not approved\. Add `approved_by:` .*\(Dana Ruiz\)/);
    assert.deepEqual(
      finding.fixes!().map((f) => f.title),
      ['Set approved_by: Dana Ruiz', `Suppress ${RULE} on this line (with a reason)`],
      'Sam Lee has no recorded expertise and is not offered',
    );
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
    assert.equal(fixed['t.yaml'], files['t.yaml'] + '    approved_by: Dana Ruiz\n');
    assertFixResolves(files, finding, finding.fixes!()[1], ['suppression-without-reason']);
  });

  it('fills an empty or bare approved_by in place', () => {
    for (const written of ['    approved_by: ""\n', '    approved_by:\n', '    approved_by:   # who?\n']) {
      const files = { 't.yaml': record(written) };
      const [finding] = analyzeFiles(files).of(RULE);
      assert.ok(finding, written);
      const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
      assert.match(fixed['t.yaml'], /approved_by: Dana Ruiz/);
      if (written.includes('#')) assert.match(fixed['t.yaml'], /# who\?/, 'the comment stays');
    }
  });

  it('offers up to three qualified approvers, quoting names YAML would misread', () => {
    const people =
      'approvers:\n' +
      ['A One', 'B: Two', 'C Three', 'D Four'].map((name) => `  - name: "${name}"\n    security_expertise: CSSLP\n`).join('');
    const files = { 't.yaml': record('', people) };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().slice(0, -1).map((f) => f.title), ['Set approved_by: A One', 'Set approved_by: B: Two', 'Set approved_by: C Three']);
    assert.ok(finding.fixes!().every((f) => !f.isPreferred), 'no preferred pick among several people');
    const fixed = assertFixResolves(files, finding, finding.fixes!()[1]);
    assert.match(fixed['t.yaml'], /approved_by: "B: Two"/);
  });

  it('offers no approver when none has recorded expertise', () => {
    const files = { 't.yaml': record('', 'approvers:\n  - name: Sam Lee\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.match(finding.message, /list that approver under `approvers` with their `security_expertise`/);
    assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`]);
  });

  it('fires at approved_by when it names nobody in approvers', () => {
    const files = { 't.yaml': record('    approved_by: Alex Kim\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.equal(textAt(files['t.yaml'], finding.range), 'Alex Kim');
    assert.match(finding.message, /approved by "Alex Kim", who is not listed under `approvers`\. Add Alex Kim to `approvers`.*\(Dana Ruiz\)/);
    assert.equal(finding.related, undefined);
  });

  it('offers the nearest listed qualified approver for a name that is not listed', () => {
    const files = { 't.yaml': record('    approved_by: Dana Ruis\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((f) => f.title), ['Set approved_by: Dana Ruiz', `Suppress ${RULE} on this line (with a reason)`]);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
    assert.match(fixed['t.yaml'], /\n    approved_by: Dana Ruiz\n$/);
    const far = { 't.yaml': record('    approved_by: Alex Kim\n') };
    assert.deepEqual(analyzeFiles(far).of(RULE)[0].fixes!().map((f) => f.title), ['Set approved_by: Dana Ruiz', `Suppress ${RULE} on this line (with a reason)`], 'the only qualified approver, not preferred');
    assert.ok(!analyzeFiles(far).of(RULE)[0].fixes!()[0].isPreferred, 'a far guess is not applied by Fix all');
  });

  it('fires when an approved entry has no approval date (or an invalid one), at approved_by', () => {
    for (const date of ['', '    date: TBD\n', '    date: 2026-02-30\n']) {
      const files = { 't.yaml': record('    approved_by: Dana Ruiz\n', approvers, date) };
      const [finding, ...rest] = analyzeFiles(files).of(RULE);
      assert.equal(rest.length, 0, date);
      assert.equal(textAt(files['t.yaml'], finding.range), 'Dana Ruiz');
      assert.match(finding.message, /^The tailoring entry for 5\.7\.4 is approved by Dana Ruiz but gives no approval date\. Add `date:` with the day it was approved \(YYYY-MM-DD\)/);
    }
  });

  it('fires when the approver has no recorded security expertise, relating the approver entry', () => {
    const files = { 't.yaml': record('    approved_by: Sam Lee\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.equal(textAt(files['t.yaml'], finding.range), 'Sam Lee');
    assert.match(finding.message, /approved by Sam Lee, whose `security_expertise` is not recorded/);
    assert.equal(finding.related!.length, 1);
    assert.equal(finding.related![0].uri, uriOf('t.yaml'));
    assert.equal(finding.related![0].range.start.line, 5, 'the approver Sam Lee');
    assert.equal(textAt(files['t.yaml'], finding.related![0].range), 'Sam Lee');
  });

  it('stays silent when a qualified approver approved (names compare ignoring case and spacing)', () => {
    assert.deepEqual(analyzeFiles({ 't.yaml': record('    approved_by: Dana Ruiz\n') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 't.yaml': record('    approved_by: dana  ruiz\n') }).of(RULE), []);
  });

  it('does not throw on wrong shapes', () => {
    for (const written of ['    approved_by: [Dana Ruiz]\n', '    approved_by: {name: Dana}\n', '    approved_by: 42\n']) {
      assert.doesNotThrow(() => analyzeFiles({ 't.yaml': record(written) }), written);
    }
    assert.doesNotThrow(() => analyzeFiles({ 't.yaml': 'kind: tailoring-record\napprovers: Dana\nentries:\n  - clause: "5.7.4"\n' }));
  });

  describe('in Markdown', () => {
    const md = (approvedBy: string) =>
      '---\nkind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n  - name: Sam Lee\n---\n# Tailoring\n\n' +
      '| ID | Clause | Decision | Justification | Approved by | Date |\n|----|--------|----------|---------------|-------------|------|\n' +
      `| TL-01 | 5.7.4 | not-applicable | No network interface. | ${approvedBy} | 2026-10-01 |\n`;

    it('fires on an empty cell at the row id and fills the cell', () => {
      const files = { 't.md': md('') };
      const [finding] = analyzeFiles(files).of(RULE);
      assert.equal(textAt(files['t.md'], finding.range), 'TL-01');
      assert.deepEqual(finding.fixes!().map((f) => f.title), ['Set approved_by: Dana Ruiz', `Suppress ${RULE} on this line (with a reason)`]);
      assert.ok(finding.fixes!()[0].isPreferred);
      const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
      assert.match(fixed['t.md'], /\| TL-01 \| 5\.7\.4 \| not-applicable \| No network interface\. \| Dana Ruiz ?\| 2026-10-01 \|/);
    });

    it('fires at the cell naming an approver without expertise, and is silent for a qualified one', () => {
      const files = { 't.md': md('Sam Lee') };
      const [finding] = analyzeFiles(files).of(RULE);
      assert.equal(textAt(files['t.md'], finding.range), 'Sam Lee');
      assert.equal(textAt(files['t.md'], finding.related![0].range), 'Sam Lee');
      assert.equal(finding.related![0].range.start.line, 5);
      assert.deepEqual(analyzeFiles({ 't.md': md('Dana Ruiz') }).of(RULE), []);
    });
  });
});
