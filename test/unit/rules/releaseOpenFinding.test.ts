import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'release-open-finding';

const yamlRelease = (decision: string, status: string) =>
  `kind: release-record\nrelease: 2.3.0\ndecision: ${decision}\nfindings:\n  - id: F-012\n    source: penetration-test\n    status: ${status}\n    issue: TRK-881\n  - id: F-013\n    status: resolved\n`;

const ACCEPTANCE = '    rationale: Reachable only from the service VLAN; exploit needs physical access to the pump.\n    accepted_by: Dana Ruiz\n    accepted_on: 2026-11-02\n';

const accepted = (decision: string, acceptance: string) =>
  `kind: release-record\nrelease: 2.3.0\ndecision: ${decision}\nfindings:\n  - id: F-012\n    source: penetration-test\n    status: risk-accepted\n${acceptance}`;

/** The release record beside a tailoring record that lists the approvers. */
const withApprovers = (release: string) => ({
  'r.yaml': release,
  't.yaml': 'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    role: PSO\n    security_expertise: 8 years medical-device security\n  - name: Sam Lee\n    role: QM\nentries: []\n',
});

const mdRelease = (decision: string, status: string) =>
  `---\nkind: release-record\nrelease: 2.3.0\ndecision: ${decision}\n---\n# Release 2.3.0\n\n## Findings\n| ID | Source | Status | Issue |\n|----|--------|--------|-------|\n| F-012 | penetration-test | ${status} | TRK-881 |\n`;

describe(RULE, () => {
  it('fires as an error on an open finding of an authorized release, at the status value', () => {
    const files = { 'r.yaml': yamlRelease('authorized', 'open') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.8.5');
    assert.equal(finding.range.start.line, 6);
    assert.equal(textAt(files['r.yaml'], finding.range), 'open');
    assert.match(finding.message, /Finding F-012 is open while release 2\.3\.0 is authorized\. Resolve it .*`status: risk-accepted`.*block the release/);
    assert.equal(finding.related!.length, 1);
    assert.equal(finding.related![0].uri, uriOf('r.yaml'));
    assert.equal(textAt(files['r.yaml'], finding.related![0].range), 'authorized');
  });

  it('is a warning while the release is pending', () => {
    const [finding] = analyzeFiles({ 'r.yaml': yamlRelease('pending', 'open') }).of(RULE);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /is pending/);
  });

  it('lets the configuration override both severities', () => {
    const config = { rules: { [RULE]: 'information' as const } };
    assert.equal(analyzeFiles({ 'r.yaml': yamlRelease('pending', 'open') }, config).of(RULE)[0].severity, 'information');
    assert.equal(analyzeFiles({ 'r.yaml': yamlRelease('authorized', 'open') }, config).of(RULE)[0].severity, 'information');
  });

  it('stays silent on a blocked release, and on resolved or fully risk-accepted findings', () => {
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('blocked', 'open') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('authorized', 'resolved') }).of(RULE), []);
    assert.deepEqual(analyzeFiles(withApprovers(accepted('authorized', ACCEPTANCE))).of(RULE), []);
  });

  it('reads a release without a decision as pending: its open findings are warnings', () => {
    const [finding, ...rest] = analyzeFiles({ 'r.yaml': 'kind: release-record\nrelease: 2.3.0\nfindings:\n  - id: F-1\n    status: open\n' }).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /while release 2\.3\.0 is pending \(no decision recorded\)/);
  });

  it('counts a finding without a status as open, at the finding id', () => {
    const files = { 'r.yaml': 'kind: release-record\nrelease: 2.3.0\ndecision: authorized\nfindings:\n  - id: F-1\n    source: code-review\n  - id: F-2\n    status:\n  - id: F-3\n    status: TBD\n' };
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(files['r.yaml'], f.range)), ['F-1', 'F-2', 'F-3']);
    assert.ok(findings.every((f) => f.severity === 'error'));
    assert.match(findings[0].message, /^Finding F-1 has no `status`, so it counts as open while release 2\.3\.0 is authorized\./);
    assert.match(findings[2].message, /^Finding F-3 has no `status`/, 'a placeholder status is no status');
  });

  it('counts a status outside the vocabulary as open (invalid-value names the value)', () => {
    const findings = analyzeFiles({ 'r.yaml': yamlRelease('authorized', 'fixed') }).of(RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Finding F-012 has status "fixed", which does not close it/);
  });

  it('counts a risk acceptance without rationale, a qualified approver and a date as open, naming what is missing', () => {
    const files = { 'r.yaml': accepted('authorized', '') };
    const [finding, ...rest] = analyzeFiles(files).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(files['r.yaml'], finding.range), 'risk-accepted');
    assert.match(finding.message, /^Finding F-012 is risk-accepted without a rationale \(`rationale`\), without who accepted it \(`accepted_by`\) and without when \(`accepted_on`\), so it counts as open while release 2\.3\.0 is authorized/);
  });

  it('asks for an approver listed with recorded security expertise, and a real date', () => {
    const unlisted = analyzeFiles(withApprovers(accepted('authorized', '    rationale: Reachable only from the service VLAN; exploit needs physical access.\n    accepted_by: Pat Doe\n    accepted_on: 2026-11-02\n'))).of(RULE);
    assert.equal(unlisted.length, 1);
    assert.match(unlisted[0].message, /accepted by Pat Doe, who is not an approver listed with recorded security expertise/);
    const unqualified = analyzeFiles(withApprovers(accepted('authorized', '    rationale: Reachable only from the service VLAN.\n    accepted_by: Sam Lee\n    accepted_on: 2026-11-02\n'))).of(RULE);
    assert.match(unqualified[0].message, /accepted by Sam Lee, who is not an approver listed with recorded security expertise/);
    const badDate = analyzeFiles(withApprovers(accepted('authorized', '    rationale: Reachable only from the service VLAN.\n    accepted_by: dana ruiz\n    accepted_on: 2026-13-02\n'))).of(RULE);
    assert.match(badDate[0].message, /without when \(`accepted_on`\)/);
    assert.doesNotMatch(badDate[0].message, /who is not an approver/, 'names compare without case');
    const placeholderRationale = analyzeFiles(withApprovers(accepted('authorized', '    rationale: TODO\n    accepted_by: Dana Ruiz\n    accepted_on: 2026-11-02\n'))).of(RULE);
    assert.match(placeholderRationale[0].message, /without a rationale/);
  });

  it('reports every open finding, one each', () => {
    const text = 'kind: release-record\ndecision: authorized\nfindings:\n  - status: open\n  - id: F-2\n    status: open\n';
    const findings = analyzeFiles({ 'r.yaml': text }).of(RULE);
    assert.deepEqual(findings.map((f) => f.message.split(' is open')[0]), ['A finding', 'Finding F-2']);
    assert.match(findings[0].message, /while the release is authorized/);
  });

  it('offers only a suppression, which resolves it', () => {
    const files = { 'r.yaml': yamlRelease('authorized', 'open') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`]);
    assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
  });

  it('does not throw on wrong shapes', () => {
    const listDecision = 'kind: release-record\ndecision: [authorized]\nfindings:\n  - status: open\n';
    assert.deepEqual(
      analyzeFiles({ 'r.yaml': listDecision }).of(RULE).map((f) => f.severity),
      ['warning'],
      'a decision that is a list is no decision: the release reads as pending',
    );
    for (const text of [
      'kind: release-record\ndecision: authorized\nfindings:\n  - status: [open]\n  - status: {a: 1}\n  - open\n',
      'kind: release-record\ndecision: authorized\nfindings: open\n',
    ]) {
      assert.doesNotThrow(() => analyzeFiles({ 'r.yaml': text }), text);
      assert.deepEqual(analyzeFiles({ 'r.yaml': text }).of(RULE), []);
    }
  });

  describe('in Markdown', () => {
    it('fires at the status cell, relating the front-matter decision', () => {
      const files = { 'r.md': mdRelease('authorized', 'open') };
      const [finding] = analyzeFiles(files).of(RULE);
      assert.equal(textAt(files['r.md'], finding.range), 'open');
      assert.equal(finding.range.start.line, 10);
      assert.equal(textAt(files['r.md'], finding.related![0].range), 'authorized');
      assert.deepEqual(finding.fixes!().map((f) => f.title), [`Suppress ${RULE} on this line (with a reason)`], 'a row is suppressible too');
      assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
    });

    it('is a warning when pending and silent when resolved or blocked', () => {
      assert.equal(analyzeFiles({ 'r.md': mdRelease('pending', 'open') }).of(RULE)[0].severity, 'warning');
      assert.equal(analyzeFiles({ 'r.md': mdRelease('authorized', 'risk-accepted') }).of(RULE).length, 1, 'a risk acceptance with no rationale, approver or date is open');
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('authorized', 'resolved') }).of(RULE), []);
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('blocked', 'open') }).of(RULE), []);
    });
  });
});
