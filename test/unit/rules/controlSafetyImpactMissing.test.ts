import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, assertFixResolves } from '../../support/workspace';

const RULE = 'control-safety-impact-missing';
const STUB = '"TODO: effect on safety and essential performance"';

describe('control-safety-impact-missing', () => {
  const arch =
    'kind: security-architecture\ncontrols:\n' +
    '  - id: CTL-A\n    mitigates: [TH-1]\n    safety_impact: Adds 5 ms per request.\n' +
    '  - id: CTL-B\n    mitigates: [TH-1]  # see review\n' +
    '  - id: CTL-C\n    safety_impact: ""\n    mitigates: [TH-1]\n' +
    '  - id: CTL-D\n    safety_impact:\n    mitigates: [TH-1]\n';
  const files = { 'arch.yaml': arch };

  it('fires on a control without a safety impact, at its id (YAML)', () => {
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(arch, f.range)), ['CTL-B', 'CTL-C', 'CTL-D']);
    assert.equal(findings[0].severity, 'warning');
    assert.equal(findings[0].clause, '5.3.1');
    assert.match(findings[0].message, /^Control CTL-B has no safety impact assessment\. Add `safety_impact:` with its effect on safety and essential performance/);
  });

  it('stays silent when every control states its safety impact', () => {
    assert.deepEqual(analyzeFiles({ 'arch.yaml': 'kind: security-architecture\ncontrols:\n  - id: CTL-A\n    safety_impact: none\n' }).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'arch.md': '---\nkind: security-architecture\n---\n## Controls\n| ID | Safety impact |\n|---|---|\n| CTL-A | No effect on timing. |\n' }).of(RULE), []);
  });

  it('fix adds the field after the last one, or fills an empty value, with a placeholder that keeps the finding', () => {
    const [b, c, d] = analyzeFiles(files).of(RULE);
    assert.equal(b.fixes!()[0].title, 'Add safety_impact (to fill in)');
    assert.equal(b.fixes!()[0].isPreferred, true);
    const afterB = applyFix(files, b.fixes!()[0]);
    assert.equal(afterB['arch.yaml'], arch.replace('# see review\n', `# see review\n    safety_impact: ${STUB}\n`));
    assert.equal(applyFix(files, c.fixes!()[0])['arch.yaml'], arch.replace('safety_impact: ""', `safety_impact: ${STUB}`));
    assert.equal(applyFix(files, d.fixes!()[0])['arch.yaml'], arch.replace('safety_impact:\n', `safety_impact: ${STUB}\n`));
    // The fix writes structure, not an assessment: CTL-B is still reported until a person writes one.
    const still = analyzeFiles(afterB).of(RULE);
    assert.deepEqual(still.map((f) => textAt(afterB['arch.yaml'], f.range)), ['CTL-B', 'CTL-C', 'CTL-D']);
    assert.match(still[0].message, /placeholder/);
  });

  it('takes placeholder text (TODO, TBD, ?) for no assessment, and offers no fix that writes another placeholder', () => {
    for (const written of ['TODO', '"TODO: effect on safety and essential performance"', 'TBD', '"?"']) {
      const text = `kind: security-architecture\ncontrols:\n  - id: CTL-A\n    mitigates: [TH-1]\n    safety_impact: ${written}\n`;
      const [finding] = analyzeFiles({ 'arch.yaml': text }).of(RULE);
      assert.ok(finding, `fires on safety_impact: ${written}`);
      assert.equal(textAt(text, finding.range), 'CTL-A');
      assert.deepEqual(finding.fixes!().map((fix) => fix.title), ['Suppress control-safety-impact-missing on this line (with a reason)']);
    }
  });

  it('fires in Markdown and fills the empty Safety impact cell with a placeholder it still reports', () => {
    const md = '---\nkind: security-architecture\n---\n## Controls\n| ID | Mitigates | Safety impact |\n|---|---|---|\n| CTL-A | TH-1 | none |\n| CTL-B | TH-1 | |\n';
    const [finding] = analyzeFiles({ 'arch.md': md }).of(RULE);
    assert.equal(textAt(md, finding.range), 'CTL-B');
    assert.match(finding.message, /in its Safety impact cell/);
    assert.deepEqual(finding.fixes!().map((fix) => fix.title), ['Add safety_impact (to fill in)', 'Suppress control-safety-impact-missing on this line (with a reason)']);
    const fixed = applyFix({ 'arch.md': md }, finding.fixes!()[0]);
    assert.equal(fixed['arch.md'], md.replace('| CTL-B | TH-1 | |', '| CTL-B | TH-1 | TODO: effect on safety and essential performance |'));
    assert.deepEqual(analyzeFiles(fixed).of(RULE).map((f) => textAt(fixed['arch.md'], f.range)), ['CTL-B']);
  });

  it('offers no field fix in a Markdown table without a Safety impact column, only the suppression', () => {
    const md = '---\nkind: security-architecture\n---\n## Controls\n| ID | Mitigates |\n|---|---|\n| CTL-A | TH-1 |\n';
    const [finding] = analyzeFiles({ 'arch.md': md }).of(RULE);
    assert.match(finding.message, /in a Safety impact column/);
    assert.deepEqual(finding.fixes!().map((fix) => fix.title), ['Suppress control-safety-impact-missing on this line (with a reason)']);
    assertFixResolves({ 'arch.md': md }, finding, finding.fixes!()[0], ['suppression-without-reason']);
  });

  it('offers a suppression with a reason in YAML', () => {
    const finding = analyzeFiles(files).of(RULE)[0];
    const suppress = finding.fixes!()[1];
    assert.equal(suppress.title, 'Suppress control-safety-impact-missing on this line (with a reason)');
    assert.ok(!suppress.isPreferred);
    assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
  });

  it('leaves values of the wrong shape to invalid-value, without throwing', () => {
    const text = 'kind: security-architecture\ncontrols:\n  - id: CTL-A\n    safety_impact: [a]\n  - id: CTL-B\n    safety_impact: {a: 1}\n  - x\n';
    assert.deepEqual(analyzeFiles({ 'arch.yaml': text }).of(RULE), []);
  });
});
