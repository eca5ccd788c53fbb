import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves } from '../../support/workspace';

const RULE = 'requirement-unverified';

describe('requirement-unverified', () => {
  const yaml =
    'kind: security-requirements\nrequirements:\n' +
    '  - id: SR-001\n    verification: [VT-010]\n' +
    '  - id: SR-002\n    threats: [TH-1]\n' +
    '  - id: SR-003\n    verification: []\n';

  it('fires on a requirement without verification, at its id (YAML)', () => {
    const findings = analyzeFiles({ 'req.yaml': yaml }).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(yaml, f.range)), ['SR-002', 'SR-003']);
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].clause, '5.7.1');
    assert.equal(findings[0].message, 'Requirement SR-002 names no verification. Add `verification: [VT-…]` with the test(s) that show it is met (§5.7.1).');
  });

  it('stays silent when every requirement names a verification', () => {
    assert.deepEqual(analyzeFiles({ 'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    verification: [VT-1]\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'req.md': '---\nkind: security-requirements\n---\n| ID | Verification |\n|---|---|\n| SR-001 | VT-1, VT-2 |\n' }).of(RULE), []);
  });

  it('fires in Markdown on an empty Verification cell, at the id cell', () => {
    const md = '---\nkind: security-requirements\n---\n| ID | Text | Verification |\n|---|---|---|\n| SR-001 | Log in. | VT-1 |\n| SR-002 | Log out. | |\n';
    const [finding] = analyzeFiles({ 'req.md': md }).of(RULE);
    assert.equal(textAt(md, finding.range), 'SR-002');
    assert.match(finding.message, /Requirement SR-002 names no verification\. Write the id\(s\) of the test\(s\) that show it is met in its Verification cell/);
    const noColumn = '---\nkind: security-requirements\n---\n| ID | Text |\n|---|---|\n| SR-001 | Log in. |\n';
    assert.match(analyzeFiles({ 'req.md': noColumn }).of(RULE)[0].message, /in a Verification column/);
  });

  it('offers a suppression with a reason in YAML', () => {
    const files = { 'req.yaml': yaml };
    const finding = analyzeFiles(files).of(RULE)[1];
    const [suppress] = finding.fixes!();
    assert.equal(suppress.title, 'Suppress requirement-unverified on this line (with a reason)');
    assert.ok(!suppress.isPreferred);
    const fixed = assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['req.yaml'], /\n {2}# clause-guide-disable-next-line requirement-unverified -- TODO[^\n]*\n {2}- id: SR-003\n/);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    verification: VT-1\n  - id: SR-002\n    verification: {a: 1}\n  - [x]\n';
    assert.deepEqual(analyzeFiles({ 'req.yaml': text }).of(RULE), []);
  });
});
