import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'threat-unmitigated';
const control = (id: string, mitigates: string) => `  - id: ${id}\n    layer: network\n    mitigates: ${mitigates}\n    safety_impact: none\n`;

describe('threat-unmitigated', () => {
  const tm = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Sniffing\n  - id: TH-2\n    title: Tampered update\n  - id: TH-3\n  - title: No id yet\n';
  const archA = 'kind: security-architecture\ncontrols:\n' + control('CTL-1', '[TH-1]');
  const archB = 'kind: security-architecture\ncontrols:\n' + control('CTL-2', '[TH-3]');

  it('fires on each threat no control mitigates, at its id (YAML)', () => {
    const files = { 'tm.yaml': tm, 'a.yaml': archA };
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => [f.uri, textAt(tm, f.range)]), [
      [uriOf('tm.yaml'), 'TH-2'],
      [uriOf('tm.yaml'), 'TH-3'],
    ]);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].clause, '7.4');
    assert.equal(
      findings[0].message,
      'No control mitigates threat TH-2 (Tampered update). Name TH-2 in the `mitigates` of the control(s) that counter it, or add a control to the security architecture; ' +
        'if the risk is accepted, suppress this finding with the reason (§7.4).',
    );
    assert.match(findings[1].message, /^No control mitigates threat TH-3\. /);
  });

  it('counts the controls of every architecture file together', () => {
    const files = { 'tm.yaml': tm, 'a.yaml': archA, 'b.yaml': archB };
    assert.deepEqual(analyzeFiles(files).of(RULE).map((f) => textAt(tm, f.range)), ['TH-2']);
    assert.deepEqual(analyzeFiles({ ...files, 'b.yaml': 'kind: security-architecture\ncontrols:\n' + control('CTL-2', '[TH-2, TH-3]') }).of(RULE), []);
  });

  it('fires in Markdown at the id cell, mitigated from a Markdown architecture', () => {
    const md = '---\nkind: threat-model\n---\n## Threats\n| ID | Title | Risk |\n|---|---|---|\n| TH-1 | Sniffing | high |\n| TH-2 | Replay | low |\n';
    const arch = '---\nkind: security-architecture\n---\n## Controls\n| ID | Layer | Mitigates |\n|---|---|---|\n| CTL-1 | network | TH-1 |\n';
    const [finding, ...rest] = analyzeFiles({ 'tm.md': md, 'arch.md': arch }).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(textAt(md, finding.range), 'TH-2');
    assert.match(finding.message, /TH-2 \(Replay\)/);
    assert.deepEqual(finding.fixes!().map((f) => f.title), ['Suppress threat-unmitigated on this line (with a reason)'], 'a row is suppressible too');
    assertFixResolves({ 'tm.md': md, 'arch.md': arch }, finding, finding.fixes!()[0], ['suppression-without-reason']);
    assert.deepEqual(analyzeFiles({ 'tm.md': md, 'arch.md': arch.replace('| TH-1 |', '| TH-1, TH-2 |') }).of(RULE), []);
  });

  it('suppression with a reason resolves it', () => {
    const files = { 'tm.yaml': tm, 'a.yaml': archA };
    const [finding] = analyzeFiles(files).of(RULE);
    const [suppress] = finding.fixes!();
    assert.equal(suppress.title, 'Suppress threat-unmitigated on this line (with a reason)');
    assert.ok(!suppress.isPreferred);
    const fixed = assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['tm.yaml'], /\n {2}# clause-guide-disable-next-line threat-unmitigated -- [^\n]*\n {2}- id: TH-2\n/);
  });

  it('does not throw on values of the wrong shape', () => {
    const arch = 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    mitigates: TH-1\n  - id: CTL-2\n    mitigates: {a: 1}\n  - 1\n';
    const findings = analyzeFiles({ 'tm.yaml': 'kind: threat-model\nthreats:\n  - id: TH-1\n  - id: [x]\n  - 2\n', 'a.yaml': arch }).of(RULE);
    assert.equal(findings.length, 1);
  });
});
