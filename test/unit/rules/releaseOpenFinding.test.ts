import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'release-open-finding';

const yamlRelease = (decision: string, status: string) =>
  `kind: release-record\nrelease: 2.3.0\ndecision: ${decision}\nfindings:\n  - id: F-012\n    source: penetration-test\n    status: ${status}\n    issue: TRK-881\n  - id: F-013\n    status: resolved\n`;

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

  it('stays silent on a blocked release, and on resolved or risk-accepted findings', () => {
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('blocked', 'open') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('authorized', 'resolved') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': yamlRelease('authorized', 'risk-accepted') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': 'kind: release-record\nfindings:\n  - id: F-1\n    status: open\n' }).of(RULE), [], 'no decision yet');
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
    for (const text of [
      'kind: release-record\ndecision: [authorized]\nfindings:\n  - status: open\n',
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
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('authorized', 'risk-accepted') }).of(RULE), []);
      assert.deepEqual(analyzeFiles({ 'r.md': mdRelease('blocked', 'open') }).of(RULE), []);
    });
  });
});
