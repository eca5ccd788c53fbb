import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'tailoring-justification-missing';

const yamlRecord = (entries: string) =>
  'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: 8 years medical-device security; CSSLP\nentries:\n' + entries;
const goodEntry = '  - clause: "5.7.4"\n    decision: not-applicable\n    justification: No network interface in this release.\n    approved_by: Dana Ruiz\n';

const mdRecord = (rows: string) =>
  '---\nkind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\n---\n# Tailoring\n\n## Entries\n' +
  '| ID | Clause | Decision | Justification | Approved by |\n|----|--------|----------|---------------|-------------|\n' +
  rows;

describe(RULE, () => {
  it('fires on an entry without justification, at its clause value (YAML)', () => {
    const files = { 't.yaml': yamlRecord('  - clause: "5.7.4"\n    decision: not-applicable\n    approved_by: Dana Ruiz\n') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.1.1');
    assert.equal(textAt(files['t.yaml'], finding.range), '5.7.4');
    assert.match(finding.message, /tailoring entry for 5\.7\.4 has no justification\. Write under `justification:`/);
  });

  it('counts an empty value or a placeholder as no justification', () => {
    // A bare `-` after a key does not parse (syntax-error says so); quoted, it is a placeholder.
    for (const value of ['""', "''", 'TODO', 'TBD', 'n/a', '"-"', '']) {
      const files = { 't.yaml': yamlRecord(`  - clause: "5.7.4"\n    decision: not-applicable\n    justification: ${value}\n    approved_by: Dana Ruiz\n`) };
      assert.equal(analyzeFiles(files).of(RULE).length, 1, `justification: ${value}`);
    }
  });

  it('counts a stock phrase as no justification: it could stand under any clause', () => {
    for (const phrase of ['not relevant', 'Not applicable.', 'N/A', 'see above', 'out of scope', 'does not apply']) {
      const files = { 't.yaml': yamlRecord(`  - clause: "5.7.4"\n    decision: not-applicable\n    justification: ${phrase}\n    approved_by: Dana Ruiz\n`) };
      const findings = analyzeFiles(files).of(RULE);
      assert.equal(findings.length, 1, phrase);
      assert.match(findings[0].message, new RegExp(`gives only "${phrase.replace(/[.\/]/g, '\\$&')}" as its justification`), phrase);
    }
    assert.deepEqual(analyzeFiles({ 't.yaml': yamlRecord('  - clause: "5.7.4"\n    decision: not-applicable\n    justification: Not relevant to a device without a network port, because the bridge only talks over RS-232.\n    approved_by: Dana Ruiz\n') }).of(RULE), [], 'a reason that starts with the words is a reason');
  });

  it('stays silent on a justified entry, and on a list (invalid-value reports that shape)', () => {
    assert.deepEqual(analyzeFiles({ 't.yaml': yamlRecord(goodEntry) }).of(RULE), []);
    const list = yamlRecord('  - clause: "5.7.4"\n    decision: deferred\n    justification: [one, two]\n    approved_by: Dana Ruiz\n');
    assert.deepEqual(analyzeFiles({ 't.yaml': list }).of(RULE), []);
    const mapping = yamlRecord('  - clause: "5.7.4"\n    justification: {a: 1}\n');
    assert.doesNotThrow(() => analyzeFiles({ 't.yaml': mapping }));
    assert.deepEqual(analyzeFiles({ 't.yaml': mapping }).of(RULE), []);
    assert.equal(analyzeFiles({ 't.yaml': yamlRecord('  - clause: "5.7.4"\n    justification: []\n') }).of(RULE).length, 1);
  });

  it('names an entry without a clause by what it has, and never throws on odd entries', () => {
    const files = { 't.yaml': 'kind: tailoring-record\nentries:\n  - decision: deferred\n  - 42\nentries2: x\n' };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.match(finding.message, /^A tailoring entry has no justification/);
    assert.equal(textAt(files['t.yaml'], finding.range), 'decision');
  });

  it('offers only a suppression, which resolves it (YAML)', () => {
    const files = { 't.yaml': yamlRecord('  - clause: "5.7.4"\n    decision: not-applicable\n    approved_by: Dana Ruiz\n') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`]);
    assert.ok(!finding.fixes!()[0].isPreferred);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
    assert.match(fixed['t.yaml'], /  # clause-guide-disable-next-line tailoring-justification-missing -- TODO.*\n  - clause: "5\.7\.4"/);
  });

  it('fires on a Markdown row with an empty justification cell, at the row id', () => {
    const files = { 't.md': mdRecord('| TL-01 | 5.7.4 | not-applicable |  | Dana Ruiz |\n| TL-02 | 5.4.3 | deferred | Interfaces come in 3.0. | Dana Ruiz |\n') };
    const findings = analyzeFiles(files).of(RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].uri, uriOf('t.md'));
    assert.equal(textAt(files['t.md'], findings[0].range), 'TL-01');
    assert.match(findings[0].message, /5\.7\.4 has no justification/);
    assert.deepEqual(findings[0].fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`], 'a row is suppressible too');
    assertFixResolves(files, findings[0], findings[0].fixes!()[0], ['suppression-without-reason']);
  });

  it('fires on a Markdown table without a justification column, and is silent when justified', () => {
    const noColumn =
      '---\nkind: tailoring-record\n---\n| ID | Clause | Decision |\n|---|---|---|\n| TL-01 | 5.7.4 | not-applicable |\n';
    assert.equal(analyzeFiles({ 't.md': noColumn }).of(RULE).length, 1);
    assert.deepEqual(analyzeFiles({ 't.md': mdRecord('| TL-01 | 5.7.4 | not-applicable | No network interface. | Dana Ruiz |\n') }).of(RULE), []);
  });
});
