import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves } from '../../support/workspace';

const RULE = 'requirement-untraced';

describe('requirement-untraced', () => {
  const yaml =
    'kind: security-requirements\nrequirements:\n' +
    '  - id: SR-001\n    phase: installation\n    threats: [TH-1]\n' +
    '  - id: SR-002\n    phase: operation\n' +
    '  - id: SR-003\n    phase: maintenance\n    threats: []\n' +
    '  - phase: decommissioning\n    text: Wipe keys.\n';

  it('fires on a requirement without threats, at its id (YAML)', () => {
    const findings = analyzeFiles({ 'req.yaml': yaml }).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(yaml, f.range)), ['SR-002', 'SR-003', 'phase']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].clause, '5.2.1');
    assert.equal(findings[0].message, 'Requirement SR-002 names no threat. Add `threats: [TH-…]` with the threat(s) it answers (§5.2.1).');
    assert.match(findings[2].message, /^The requirement on line 11 names no threat\./);
  });

  it('stays silent when every requirement names a threat', () => {
    assert.deepEqual(analyzeFiles({ 'req.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    threats: [TH-1, TH-2]\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'req.md': '---\nkind: security-requirements\n---\n| ID | Threats |\n|---|---|\n| SR-001 | TH-1, TH-2 |\n' }).of(RULE), []);
  });

  it('fires in Markdown on an empty Threats cell, and on a table without that column', () => {
    const md = '---\nkind: security-requirements\n---\n## Operation\n| ID | Text | Threats |\n|---|---|---|\n| SR-001 | Log in. | TH-1 |\n| SR-002 | Log out. |  |\n';
    const [finding] = analyzeFiles({ 'req.md': md }).of(RULE);
    assert.equal(textAt(md, finding.range), 'SR-002');
    assert.match(finding.message, /Requirement SR-002 names no threat\. Write the id\(s\) of the threat\(s\) it answers in its Threats cell/);
    assert.deepEqual(finding.fixes!().map((f) => f.title), ['Suppress requirement-untraced on this line (with a reason)'], 'a row is suppressible too');
    assertFixResolves({ 'req.md': md }, finding, finding.fixes!()[0], ['suppression-without-reason']);
    const noColumn = '---\nkind: security-requirements\n---\n| ID | Text |\n|---|---|\n| SR-001 | Log in. |\n';
    assert.match(analyzeFiles({ 'req.md': noColumn }).of(RULE)[0].message, /in a Threats column/);
  });

  it('offers a suppression with a reason in YAML', () => {
    const files = { 'req.yaml': yaml };
    const finding = analyzeFiles(files).of(RULE)[0];
    const [suppress] = finding.fixes!();
    assert.equal(suppress.title, 'Suppress requirement-untraced on this line (with a reason)');
    assert.ok(!suppress.isPreferred);
    const fixed = assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['req.yaml'], /\n {2}# clause-guide-disable-next-line requirement-untraced -- TODO[^\n]*\n {2}- id: SR-002\n/);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    threats: TH-1\n  - id: SR-002\n    threats: {a: 1}\n  - oops\n';
    assert.deepEqual(analyzeFiles({ 'req.yaml': text }).of(RULE), []);
  });
});
