import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'layer-without-control';
/** A stub is for a person to fill: it is reported (no safety impact, a placeholder title) until they do. */
const STUB_RULES = ['control-safety-impact-missing', 'placeholder-text'];
const threatModel = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Sniffing\n  - id: TH-2\n    title: Tampering\n';
const control = (id: string, layer: string, mitigates = 'TH-1') => `  - id: ${id}\n    layer: ${layer}\n    mitigates: [${mitigates}]\n    safety_impact: none\n`;

describe('layer-without-control', () => {
  const arch = 'kind: security-architecture\nlayers: [network, application, data]\ncontrols:\n' + control('CTL-TLS', 'network');
  const files = { 'arch.yaml': arch, 'tm.yaml': threatModel };

  it('fires on each declared layer without a control, at the layer in `layers` (YAML)', () => {
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(arch, f.range)), ['application', 'data']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '5.3.1');
    assert.equal(
      findings[0].message,
      'No control sits in the application layer. Add a control with `layer: application` that defends it, or remove the layer from `layers` if it does not apply (§5.3.1).',
    );
  });

  it('stays silent when every declared layer has a control', () => {
    const full = 'kind: security-architecture\nlayers: [network, data]\ncontrols:\n' + control('CTL-1', 'network') + control('CTL-2', 'data');
    assert.deepEqual(analyzeFiles({ 'arch.yaml': full }).of(RULE), []);
    const md = '---\nkind: security-architecture\nlayers: [network, data]\n---\n## Controls\n| ID | Layer |\n|---|---|\n| CTL-1 | Network |\n| CTL-2 | data |\n';
    assert.deepEqual(analyzeFiles({ 'arch.md': md }).of(RULE), []);
  });

  it('fix appends a stub control for the layer, mitigating the first unmitigated threat', () => {
    const [finding] = analyzeFiles(files).of(RULE);
    const fix = finding.fixes!()[0];
    assert.equal(fix.title, 'Add a stub application control CTL-APPLICATION-1');
    assert.equal(fix.isPreferred, true);
    const fixed = assertFixResolves(files, finding, fix, STUB_RULES);
    assert.equal(fixed['arch.yaml'], arch + '  - id: CTL-APPLICATION-1\n    title: "TODO: application control"\n    layer: application\n    mitigates: [TH-2]\n');
    // The stub closes no gap by itself: its title is reported until a person writes the control.
    assert.deepEqual(analyzeFiles(fixed).of('placeholder-text').map((f) => textAt(fixed['arch.yaml'], f.range)), ['TODO: application control']);
  });

  it('fix picks a free id and leaves out `mitigates` when there is no threat', () => {
    const taken = { 'arch.yaml': arch, 'other.yaml': 'kind: threat-model\nthreats:\n  - id: CTL-DATA-1\n' };
    assert.equal(analyzeFiles(taken).of(RULE)[1].fixes!()[0].title, 'Add a stub data control CTL-DATA-2');
    const alone = { 'arch.yaml': arch };
    const finding = analyzeFiles(alone).of(RULE)[1];
    const fixed = assertFixResolves(alone, finding, finding.fixes!()[0], [...STUB_RULES, 'control-unmapped']);
    assert.equal(fixed['arch.yaml'], arch + '  - id: CTL-DATA-1\n    title: "TODO: data control"\n    layer: data\n');
  });

  it('counts controls of every architecture file together, and reports a layer once', () => {
    const second = 'kind: security-architecture\nlayers: [data, application, endpoint]\ncontrols:\n' + control('CTL-DB', 'data');
    const findings = analyzeFiles({ 'arch.yaml': arch, 'b.yaml': second }).of(RULE);
    assert.deepEqual(findings.map((f) => [f.uri, f.message.split('.')[0]]), [
      [uriOf('arch.yaml'), 'No control sits in the application layer'],
      [uriOf('b.yaml'), 'No control sits in the endpoint layer'],
    ]);
  });

  it('requires the configured layers, at the kind value, when no architecture declares any', () => {
    const bare = 'kind: security-architecture\ncontrols:\n' + control('CTL-TLS', 'network');
    const other = 'kind: security-architecture\ncontrols:\n' + control('CTL-ID', 'authentication');
    const bareFiles = { 'a.yaml': bare, 'b.yaml': other, 'tm.yaml': threatModel };
    const findings = analyzeFiles(bareFiles, { layers: ['network', 'data', 'authentication'] }).of(RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].uri, uriOf('a.yaml'));
    assert.equal(textAt(bare, findings[0].range), 'security-architecture');
    assert.match(findings[0].message, /^No control sits in the data layer \(required by the configuration, as this architecture declares no `layers`\)\./);
    assertFixResolves(bareFiles, findings[0], findings[0].fixes!()[0], STUB_RULES, { layers: ['network', 'data', 'authentication'] });
    assert.equal(analyzeFiles({ 'a.yaml': bare }).of(RULE).length, 5, 'the default layers apply without configuration');
  });

  it('requires a physical (hardware) layer by default, and the configuration can leave it out', () => {
    const controls = ['network', 'application', 'data', 'authentication', 'endpoint'].map((layer, i) => control(`CTL-${i}`, layer)).join('');
    const arch = 'kind: security-architecture\ncontrols:\n' + controls;
    const [finding, ...rest] = analyzeFiles({ 'a.yaml': arch, 'tm.yaml': threatModel }).of(RULE);
    assert.equal(rest.length, 0);
    assert.match(finding.message, /^No control sits in the physical layer \(required by the configuration/);
    assert.deepEqual(analyzeFiles({ 'a.yaml': arch, 'tm.yaml': threatModel }, { layers: ['network', 'application', 'data', 'authentication', 'endpoint'] }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'a.yaml': arch + control('CTL-CASE', 'physical'), 'tm.yaml': threatModel }).of(RULE), [], 'a control in the physical layer (a sealed enclosure, a disabled debug port)');
  });

  it('fires in Markdown at the layer in the front matter, and appends a row to the controls table', () => {
    const md = '---\nkind: security-architecture\nlayers: [network, data]\n---\n## Controls\n| ID | Title | Layer | Mitigates | Safety impact |\n|---|---|---|---|---|\n| CTL-1 | TLS | network | TH-1 | none |\n\nMore text.\n';
    const mdFiles = { 'arch.md': md, 'tm.yaml': threatModel };
    const [finding] = analyzeFiles(mdFiles).of(RULE);
    assert.equal(textAt(md, finding.range), 'data');
    const fixed = assertFixResolves(mdFiles, finding, finding.fixes!()[0], STUB_RULES);
    assert.equal(fixed['arch.md'], md.replace('| none |\n', '| none |\n| CTL-DATA-1 | TODO: data control | data | TH-2 |  |\n'));
    const suppress = finding.fixes!().find((fix) => fix.title === 'Suppress layer-without-control on this line (with a reason)')!;
    assert.ok(!suppress.isPreferred);
    assertFixResolves(mdFiles, finding, suppress, ['suppression-without-reason']);
  });

  it('in Markdown without a controls table, appends a Controls section', () => {
    const md = '---\nkind: security-architecture\nlayers: [network]\n---\n# Architecture\n';
    const mdFiles = { 'arch.md': md, 'tm.yaml': threatModel };
    const [finding] = analyzeFiles(mdFiles).of(RULE);
    const fixed = assertFixResolves(mdFiles, finding, finding.fixes!()[0], STUB_RULES);
    assert.equal(fixed['arch.md'], md + '\n## Controls\n| ID | Title | Layer | Mitigates |\n|----|----|----|----|\n| CTL-NETWORK-1 | TODO: network control | network | TH-1 |\n');
  });

  it('offers no stub in a Markdown controls table without a Layer column', () => {
    const md = '---\nkind: security-architecture\nlayers: [network, data]\n---\n## Controls\n| ID | Mitigates |\n|---|---|\n| CTL-1 | TH-1 |\n';
    const findings = analyzeFiles({ 'arch.md': md }).of(RULE);
    assert.equal(findings.length, 2);
    assert.deepEqual(findings[0].fixes!().map((fix) => fix.title), ['Suppress layer-without-control on this line (with a reason)']);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-architecture\nlayers: network\ncontrols:\n  - id: CTL-1\n    layer: [network]\n  - 3\n';
    assert.deepEqual(analyzeFiles({ 'arch.yaml': text }).of(RULE), []);
    assert.doesNotThrow(() => analyzeFiles({ 'arch.yaml': 'kind: security-architecture\nlayers: {a: 1}\ncontrols: x\n' }));
  });
});
