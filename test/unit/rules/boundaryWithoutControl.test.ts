import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'boundary-without-control';
const controls = (...ids: string[]) =>
  'kind: security-architecture\ncontrols:\n' + ids.map((id) => `  - id: ${id}\n    title: Control ${id}\n    layer: network\n    mitigates: [TH-1]\n    safety_impact: none\n`).join('');
const titles = (fixes: { title: string }[] | undefined) => (fixes ?? []).map((fix) => fix.title);

describe('boundary-without-control', () => {
  const arch =
    'kind: security-architecture\nzones:\n  - id: Z-A\n  - id: Z-B\nboundaries:\n' +
    '  - id: TB-01\n    between: [Z-A, Z-B]\n    controls: [CTL-A]\n' +
    '  - id: TB-02\n    between: [Z-A, Z-B]\n' +
    '  - id: TB-03\n    controls: []\n';
  const files = { 'arch.yaml': arch, 'controls.yaml': controls('CTL-A', 'CTL-B') };

  it('fires on a boundary without controls, at its id (YAML)', () => {
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(arch, f.range)), ['TB-02', 'TB-03']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].clause, '5.3.1');
    assert.equal(
      findings[0].message,
      'Trust boundary TB-02 (between Z-A and Z-B) enforces no control. Add `controls: [CTL-…]` with the control(s) that protect what crosses it (§5.3.1).',
    );
    assert.match(findings[1].message, /^Trust boundary TB-03 enforces no control\./);
  });

  it('stays silent when every boundary names a control', () => {
    const ok = 'kind: security-architecture\nboundaries:\n  - id: TB-01\n    controls: [CTL-A]\n';
    assert.deepEqual(analyzeFiles({ 'arch.yaml': ok, 'c.yaml': controls('CTL-A') }).of(RULE), []);
    const md = '---\nkind: security-architecture\n---\n## Trust boundaries\n| ID | Between | Controls |\n|---|---|---|\n| TB-01 | Z-A, Z-B | CTL-A |\n';
    assert.deepEqual(analyzeFiles({ 'arch.md': md }).of(RULE), []);
  });

  it('offers the controls of every file (at most five), adding or filling `controls`', () => {
    const [tb02, tb03] = analyzeFiles(files).of(RULE);
    assert.deepEqual(titles(tb02.fixes?.()), ['Add controls: [CTL-A] (Control CTL-A)', 'Add controls: [CTL-B] (Control CTL-B)', 'Suppress boundary-without-control on this line (with a reason)']);
    assert.ok(tb02.fixes!().every((fix) => !fix.isPreferred));
    assert.equal(assertFixResolves(files, tb02, tb02.fixes!()[1])['arch.yaml'], arch.replace('  - id: TB-02\n    between: [Z-A, Z-B]\n', '  - id: TB-02\n    between: [Z-A, Z-B]\n    controls: [CTL-B]\n'));
    assert.equal(assertFixResolves(files, tb03, tb03.fixes!()[0])['arch.yaml'], arch.replace('controls: []', 'controls: [CTL-A]'));
    const many = { 'arch.yaml': arch, 'controls.yaml': controls('CTL-1', 'CTL-2', 'CTL-3', 'CTL-4', 'CTL-5', 'CTL-6') };
    assert.equal(analyzeFiles(many).of(RULE)[0].fixes!().length, 6);
    assert.deepEqual(titles(analyzeFiles({ 'arch.yaml': arch }).of(RULE)[0].fixes?.()), ['Suppress boundary-without-control on this line (with a reason)']);
  });

  it('fires in Markdown and fills the empty Controls cell', () => {
    const md = '---\nkind: security-architecture\n---\n## Trust boundaries\n| ID | Between | Controls |\n|---|---|---|\n| TB-01 | Z-A, Z-B |  |\n';
    const mdFiles = { 'arch.md': md, 'controls.yaml': controls('CTL-A') };
    const [finding] = analyzeFiles(mdFiles).of(RULE);
    assert.equal(finding.uri, uriOf('arch.md'));
    assert.equal(textAt(md, finding.range), 'TB-01');
    assert.match(finding.message, /in its Controls cell/);
    const fixed = assertFixResolves(mdFiles, finding, finding.fixes!()[0]);
    assert.equal(fixed['arch.md'], md.replace('| Z-A, Z-B |  |', '| Z-A, Z-B | CTL-A |'));
  });

  it('suppression with a reason resolves it', () => {
    const finding = analyzeFiles(files).of(RULE)[0];
    const suppress = finding.fixes!().at(-1)!;
    assert.equal(suppress.title, 'Suppress boundary-without-control on this line (with a reason)');
    assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-architecture\nboundaries:\n  - id: TB-1\n    controls: CTL-A\n    between: Z-A\n  - id: TB-2\n    controls: {a: 1}\n  - nope\n';
    assert.deepEqual(analyzeFiles({ 'arch.yaml': text }).of(RULE), []);
  });
});
