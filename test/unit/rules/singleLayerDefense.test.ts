import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'single-layer-defense';
const control = (id: string, layer: string) => `  - id: ${id}\n    layer: ${layer}\n    mitigates: [TH-1]\n    safety_impact: none\n`;

describe('single-layer-defense', () => {
  const a = 'kind: security-architecture\nlayers: [network, data]\ncontrols:\n' + control('CTL-1', 'network');
  const b = 'kind: security-architecture\ncontrols:\n' + control('CTL-2', 'network');

  it('fires once when all controls of all files sit in one layer, at the `controls` key of the first file', () => {
    const files = { 'a.yaml': a, 'b.yaml': b };
    const findings = analyzeFiles(files).of(RULE);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.uri, uriOf('a.yaml'));
    assert.equal(textAt(a, finding.range), 'controls');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.clause, '5.3.1');
    assert.equal(
      finding.message,
      'Every control with a layer (CTL-1, CTL-2) sits in the network layer, so one failure there leaves nothing behind it. Add controls in other layers (data) for defense in depth (§5.3.1).',
    );
    assert.deepEqual(finding.related!.map((r) => [r.uri, textAt(files[r.uri === uriOf('a.yaml') ? 'a.yaml' : 'b.yaml'], r.range)]), [
      [uriOf('a.yaml'), 'network'],
      [uriOf('b.yaml'), 'network'],
    ]);
  });

  it('stays silent with controls in two layers (across files), or fewer than two controls with a layer', () => {
    assert.deepEqual(analyzeFiles({ 'a.yaml': a, 'b.yaml': b.replace('layer: network', 'layer: data') }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'a.yaml': a }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'a.yaml': a, 'b.yaml': b.replace('    layer: network\n', '') }).of(RULE), []);
    const md = '---\nkind: security-architecture\n---\n## Controls\n| ID | Layer |\n|---|---|\n| CTL-1 | network |\n| CTL-2 | data |\n';
    assert.deepEqual(analyzeFiles({ 'arch.md': md }).of(RULE), []);
  });

  it('points at the first architecture file that has controls', () => {
    const zonesOnly = 'kind: security-architecture\nzones:\n  - id: Z-1\n';
    const [finding] = analyzeFiles({ 'a.yaml': zonesOnly, 'b.yaml': b + control('CTL-3', 'network') }).of(RULE);
    assert.equal(finding.uri, uriOf('b.yaml'));
    assert.match(finding.message, /\(CTL-2, CTL-3\).*other layers \(application, data, authentication, endpoint, physical\)/);
  });

  it('fires in Markdown at the kind value (layers compared without case)', () => {
    const md = '---\nkind: security-architecture\n---\n## Controls\n| ID | Layer |\n|---|---|\n| CTL-1 | Network |\n| CTL-2 | network |\n';
    const [finding] = analyzeFiles({ 'arch.md': md }).of(RULE);
    assert.equal(textAt(md, finding.range), 'security-architecture');
    assert.match(finding.message, /sits in the Network layer/);
    const suppress = finding.fixes!()[0];
    assert.equal(suppress.title, 'Suppress single-layer-defense on this line (with a reason)');
    const fixed = assertFixResolves({ 'arch.md': md }, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['arch.md'], /^---\n# clause-guide-disable-next-line single-layer-defense -- [^\n]*\nkind:/);
  });

  it('suppression with a reason resolves it in YAML', () => {
    const files = { 'a.yaml': a, 'b.yaml': b };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(finding.fixes!().map((fix) => [fix.title, !!fix.isPreferred]), [['Suppress single-layer-defense on this line (with a reason)', false]]);
    assertFixResolves(files, finding, finding.fixes!()[0], ['suppression-without-reason']);
  });

  it('does not throw on values of the wrong shape', () => {
    const text = 'kind: security-architecture\ncontrols:\n  - id: CTL-1\n    layer: [network]\n  - id: CTL-2\n    layer: {a: 1}\n  - 5\n';
    assert.deepEqual(analyzeFiles({ 'a.yaml': text }).of(RULE), []);
  });
});
