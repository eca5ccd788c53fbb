import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'control-unmapped';
const threatModel = (...ids: string[]) => 'kind: threat-model\nthreats:\n' + ids.map((id) => `  - id: ${id}\n    title: Threat ${id}\n`).join('');
const titles = (fixes: { title: string }[] | undefined) => (fixes ?? []).map((fix) => fix.title);

describe('control-unmapped', () => {
  const arch =
    'kind: security-architecture\nlayers: [network]\ncontrols:\n' +
    '  - id: CTL-A\n    layer: network\n    mitigates: [TH-1]\n' +
    '  - id: CTL-B\n    layer: network  # the VPN\n' +
    '  - id: CTL-C\n    layer: network\n    mitigates: []\n    safety_impact: none\n';
  const files = { 'arch.yaml': arch, 'tm.yaml': threatModel('TH-1', 'TH-2', 'TH-3') };

  it('fires on a control that mitigates no threat, at its id (YAML)', () => {
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(arch, f.range)), ['CTL-B', 'CTL-C']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '5.3.1');
    assert.equal(findings[0].message, 'Control CTL-B mitigates no threat. Add `mitigates: [TH-…]` with the threat(s) it counters (§5.3.1).');
  });

  it('stays silent when every control mitigates a threat', () => {
    assert.deepEqual(analyzeFiles({ 'arch.yaml': 'kind: security-architecture\ncontrols:\n  - id: CTL-A\n    mitigates: [TH-1]\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.md': '---\nkind: security-architecture\n---\n## Controls\n| ID | Mitigates |\n|---|---|\n| CTL-A | TH-1, TH-2 |\n' }).of(RULE), []);
  });

  it('offers each threat no control mitigates yet, from any file (YAML: adds the field)', () => {
    const [finding] = analyzeFiles(files).of(RULE);
    assert.deepEqual(titles(finding.fixes?.()), ['Add mitigates: [TH-2] (Threat TH-2)', 'Add mitigates: [TH-3] (Threat TH-3)', 'Suppress control-unmapped on this line (with a reason)']);
    const fixed = assertFixResolves(files, finding, finding.fixes!()[0]);
    assert.equal(fixed['arch.yaml'], arch.replace('    layer: network  # the VPN\n', '    layer: network  # the VPN\n    mitigates: [TH-2]\n'));
  });

  it('fills an empty `mitigates: []`', () => {
    const finding = analyzeFiles(files).of(RULE)[1];
    const fixed = assertFixResolves(files, finding, finding.fixes!()[1]);
    assert.equal(fixed['arch.yaml'], arch.replace('mitigates: []', 'mitigates: [TH-3]'));
  });

  it('counts the controls of every architecture file when choosing threats, and offers at most five', () => {
    const other = 'kind: security-architecture\ncontrols:\n  - id: CTL-Z\n    layer: data\n    mitigates: [TH-2]\n';
    const many = { 'arch.yaml': arch, 'arch2.yaml': other, 'tm.yaml': threatModel('TH-1', 'TH-2', 'TH-3', 'TH-4', 'TH-5', 'TH-6', 'TH-7', 'TH-8') };
    const [finding] = analyzeFiles(many).of(RULE);
    assert.deepEqual(titles(finding.fixes?.()).slice(0, -1), ['TH-3', 'TH-4', 'TH-5', 'TH-6', 'TH-7'].map((id) => `Add mitigates: [${id}] (Threat ${id})`));
  });

  it('offers any threat when all are mitigated, and only the suppression when there are none', () => {
    const allMitigated = { 'arch.yaml': arch, 'tm.yaml': threatModel('TH-1') };
    assert.deepEqual(titles(analyzeFiles(allMitigated).of(RULE)[0].fixes?.())[0], 'Add mitigates: [TH-1] (Threat TH-1)');
    assert.deepEqual(titles(analyzeFiles({ 'arch.yaml': arch }).of(RULE)[0].fixes?.()), ['Suppress control-unmapped on this line (with a reason)']);
  });

  it('fires in Markdown and fills the empty Mitigates cell', () => {
    const md = '---\nkind: security-architecture\nlayers: [network]\n---\n## Controls\n| ID | Layer | Mitigates |\n|---|---|---|\n| CTL-A | network | TH-1 |\n| CTL-B | network |  |\n';
    const mdFiles = { 'arch.md': md, 'tm.md': '---\nkind: threat-model\n---\n| ID | Title |\n|---|---|\n| TH-1 | One |\n| TH-2 | Two |\n' };
    const [finding] = analyzeFiles(mdFiles).of(RULE);
    assert.equal(finding.uri, uriOf('arch.md'));
    assert.equal(textAt(md, finding.range), 'CTL-B');
    assert.match(finding.message, /in its Mitigates cell/);
    assert.deepEqual(titles(finding.fixes?.()), ['Add mitigates: [TH-2] (Two)', 'Suppress control-unmapped on this line (with a reason)']);
    const fixed = assertFixResolves(mdFiles, finding, finding.fixes!()[0]);
    assert.equal(fixed['arch.md'], md.replace('| CTL-B | network |  |', '| CTL-B | network | TH-2 |'));
  });

  it('offers no field fix in a Markdown table without a Mitigates column', () => {
    const md = '---\nkind: security-architecture\n---\n## Controls\n| ID | Layer |\n|---|---|\n| CTL-A | network |\n';
    const [finding] = analyzeFiles({ 'arch.md': md, 'tm.yaml': threatModel('TH-1') }).of(RULE);
    assert.match(finding.message, /in a Mitigates column/);
    assert.deepEqual(titles(finding.fixes?.()), ['Suppress control-unmapped on this line (with a reason)']);
  });

  it('suppression with a reason resolves it', () => {
    const finding = analyzeFiles(files).of(RULE)[0];
    const suppress = finding.fixes!().at(-1)!;
    assert.ok(!suppress.isPreferred);
    assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-architecture\ncontrols:\n  - id: CTL-A\n    mitigates: TH-1\n  - id: CTL-B\n    mitigates: {a: 1}\n  - 7\ncontrols2: x\n';
    assert.deepEqual(analyzeFiles({ 'arch.yaml': text, 'tm.yaml': 'kind: threat-model\nthreats: [1, {id: [x]}]\n' }).of(RULE), []);
  });
});
