import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, assertFixResolves, uriOf } from '../../support/workspace';

const RULE = 'phase-missing';
const PHASES = ['installation', 'operation', 'maintenance', 'decommissioning'];
/** The phases reported missing, in phase order (a finding at a placeholder requirement sorts after those at the document's key). */
const missingPhases = (files: Record<string, string>) =>
  analyzeFiles(files).of(RULE).map((f) => /the (\w+) phase/.exec(f.message)![1]).sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b));

const requirement = (id: string, phase: string) => `  - id: ${id}\n    phase: ${phase}\n    text: Something holds.\n    threats: [TH-1]\n    verification: [VT-1]\n`;
const yamlDoc = (...phases: string[]) =>
  'kind: security-requirements\nrequirements:\n' + phases.map((phase, i) => requirement(`SR-00${i + 1}`, phase)).join('');

describe('phase-missing', () => {
  it('reports each phase that no requirement covers, at the `requirements` key (YAML)', () => {
    const files = { 'req.yaml': yamlDoc('installation', 'operation') };
    const findings = analyzeFiles(files).of(RULE);
    assert.deepEqual(findings.map((f) => /the (\w+) phase/.exec(f.message)![1]), ['maintenance', 'decommissioning']);
    for (const finding of findings) {
      assert.equal(finding.severity, 'error');
      assert.equal(finding.clause, '5.2.1');
      assert.equal(finding.uri, uriOf('req.yaml'));
      assert.equal(textAt(files['req.yaml'], finding.range), 'requirements');
    }
    assert.match(findings[0].message, /No security requirement covers the maintenance phase\. Add .*`phase: maintenance`/);
  });

  it('stays silent when all four phases are covered', () => {
    assert.deepEqual(missingPhases({ 'req.yaml': yamlDoc('installation', 'operation', 'maintenance', 'decommissioning') }), []);
  });

  it('reports at the kind value in Markdown, where a phase heading gives the phase', () => {
    const text = '---\nkind: security-requirements\n---\n# Requirements\n## Installation\n| ID | Text | Threats |\n|----|------|---------|\n| SR-001 | Verify the package. | TH-1 |\n';
    const findings = analyzeFiles({ 'req.md': text }).of(RULE);
    assert.deepEqual(findings.map((f) => /the (\w+) phase/.exec(f.message)![1]), ['operation', 'maintenance', 'decommissioning']);
    assert.ok(findings.every((f) => textAt(text, f.range) === 'security-requirements'));
    assert.match(findings[0].message, /under a `## Operation` heading/);
  });

  it('counts requirements split over several files together, and reports once, in the first file', () => {
    const md = '---\nkind: security-requirements\n---\n## Maintenance\n| ID | Text | Threats |\n|----|------|---------|\n| SR-010 | Patch in 30 days. | TH-1 |\n';
    assert.deepEqual(missingPhases({ 'b.yaml': yamlDoc('installation', 'operation'), 'a.md': md }), ['decommissioning']);
    const [finding] = analyzeFiles({ 'b.yaml': yamlDoc('installation', 'operation'), 'a.md': md }).of(RULE);
    assert.equal(finding.uri, uriOf('a.md'));
    assert.deepEqual(missingPhases({ 'b.yaml': yamlDoc('installation', 'operation'), 'a.md': md, 'c.yaml': yamlDoc('decommissioning') }), []);
  });

  it('stays silent without any security-requirements document', () => {
    assert.deepEqual(analyzeFiles({ 'tm.yaml': 'kind: threat-model\nthreats: []\n' }).of(RULE), []);
  });

  it('YAML fix appends a stub requirement with the next free id of the numbering', () => {
    const files = {
      'a.yaml': 'kind: security-requirements\nrequirements:\n' + requirement('SR-001', 'installation') + '  # end of list\n',
      'b.yaml': 'kind: security-requirements\nrequirements:\n' + requirement('SR-007', 'operation') + requirement('SR-008', 'maintenance'),
    };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.match(finding.message, /decommissioning/);
    const fix = finding.fixes!()[0];
    assert.equal(fix.title, 'Add a stub decommissioning requirement SR-009');
    assert.equal(fix.isPreferred, true);
    const fixed = applyFix(files, fix);
    assert.equal(
      fixed['a.yaml'],
      files['a.yaml'].replace(
        '    verification: [VT-1]\n',
        '    verification: [VT-1]\n  - id: SR-009\n    phase: decommissioning\n    text: "TODO: what must hold during decommissioning"\n    threats: []\n',
      ),
    );
  });

  it('YAML fix skips an id some other item already uses', () => {
    const files = {
      'req.yaml': yamlDoc('installation', 'operation', 'maintenance'),
      'tm.yaml': 'kind: threat-model\nthreats:\n  - id: SR-004\n    title: Odd id\n',
    };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.equal(finding.fixes!()[0].title, 'Add a stub decommissioning requirement SR-005');
  });

  it('YAML fix adds a `requirements` list when the document has none', () => {
    const files = { 'req.yaml': 'kind: security-requirements  # drafted\ntitle: Requirements\n' };
    const findings = analyzeFiles(files).of(RULE);
    assert.equal(findings.length, 4);
    assert.equal(textAt(files['req.yaml'], findings[0].range), 'security-requirements');
    const fixed = applyFix(files, findings[0].fixes!()[0]);
    assert.equal(
      fixed['req.yaml'],
      files['req.yaml'] + 'requirements:\n  - id: SR-001\n    phase: installation\n    text: "TODO: what must hold during installation"\n    threats: []\n',
    );
    assert.deepEqual(missingPhases(fixed), ['installation', 'operation', 'maintenance', 'decommissioning']);
  });

  it('Markdown fix appends a phase section with the columns and heading level of the existing table', () => {
    const text =
      '---\nkind: security-requirements\n---\n# Requirements\n\n### Installation\n| ID | Text | Threats | Verification |\n|----|------|---------|--------------|\n| REQ-9 | Verify the package. | TH-1 | VT-1 |\n';
    const files = { 'req.md': text, 'more.yaml': yamlDoc('operation', 'maintenance') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.equal(finding.uri, uriOf('more.yaml'), 'more.yaml sorts first');
    const mdFiles = { 'req.md': text, 'z.yaml': yamlDoc('operation', 'maintenance') };
    const [mdFinding] = analyzeFiles(mdFiles).of(RULE);
    assert.equal(mdFinding.uri, uriOf('req.md'));
    const fixed = applyFix(mdFiles, mdFinding.fixes!()[0]);
    assert.equal(
      fixed['req.md'],
      text + '\n### Decommissioning\n| ID | Text | Threats | Verification |\n|----|----|----|----|\n| REQ-10 | TODO: what must hold during decommissioning |  |  |\n',
    );
  });

  it('Markdown fix uses ID | Text | Threats when the document has no table yet', () => {
    const files = { 'req.md': '---\nkind: security-requirements\n---\n# Requirements\n' };
    const [finding] = analyzeFiles(files).of(RULE);
    const fixed = applyFix(files, finding.fixes!()[0]);
    assert.equal(fixed['req.md'], files['req.md'] + '\n## Installation\n| ID | Text | Threats |\n|----|----|----|\n| SR-001 | TODO: what must hold during installation |  |\n');
  });

  it('keeps reporting a phase whose only requirement is the stub the fix wrote, at the stub, with no second stub', () => {
    const files = { 'req.yaml': yamlDoc('installation', 'operation', 'maintenance') };
    const [finding] = analyzeFiles(files).of(RULE);
    const fixed = applyFix(files, finding.fixes!()[0]);
    const [still] = analyzeFiles(fixed).of(RULE);
    assert.ok(still, 'phase-missing still fires: a placeholder is no requirement');
    assert.match(still.message, /decommissioning/);
    assert.match(still.message, /SR-004 .*placeholder/);
    assert.equal(textAt(fixed['req.yaml'], still.range), 'TODO: what must hold during decommissioning');
    assert.ok(!still.fixes!().some((fix) => fix.title.startsWith('Add a stub')), 'no second stub');
    const written = { 'req.yaml': fixed['req.yaml'].replace('"TODO: what must hold during decommissioning"', 'Wipe patient data before disposal.') };
    assert.deepEqual(missingPhases(written), []);
  });

  it('takes a requirement whose text is only TODO or TBD for none, in YAML and Markdown', () => {
    assert.deepEqual(missingPhases({ 'req.yaml': yamlDoc('installation', 'operation', 'maintenance') + requirement('SR-004', 'decommissioning').replace('Something holds.', 'TBD') }), ['decommissioning']);
    const md = '---\nkind: security-requirements\n---\n## Installation\n| ID | Text |\n|--|--|\n| SR-1 | TODO |\n';
    assert.deepEqual(missingPhases({ 'req.md': md }), ['installation', 'operation', 'maintenance', 'decommissioning']);
  });

  it('Markdown fix adds a row under the phase heading the document already has, not a second heading', () => {
    const text =
      '---\nkind: security-requirements\n---\n## Installation\n| ID | Text | Threats |\n|----|------|---------|\n| SR-001 | Verify the package. | TH-1 |\n\n## Decommissioning\n| ID | Text | Threats |\n|----|------|---------|\n\n## Notes\nNothing yet.\n';
    const files = { 'req.md': text, 'z.yaml': yamlDoc('operation', 'maintenance') };
    const [finding] = analyzeFiles(files).of(RULE);
    assert.match(finding.message, /decommissioning/);
    const fix = finding.fixes!().find((f) => f.title.startsWith('Add a stub'))!;
    const fixed = applyFix(files, fix);
    assert.equal(fixed['req.md'], text.replace('|----|------|---------|\n\n## Notes', '|----|------|---------|\n| SR-003 | TODO: what must hold during decommissioning |  |\n\n## Notes'));
    assert.equal((fixed['req.md'].match(/## Decommissioning/g) ?? []).length, 1);
  });

  it('Markdown fix puts a table under a phase heading that has none', () => {
    const text = '---\nkind: security-requirements\n---\n## Installation\n| ID | Text | Threats |\n|----|------|---------|\n| SR-001 | Verify the package. | TH-1 |\n\n## Decommissioning\nTo be written.\n\n## Notes\n';
    const files = { 'req.md': text, 'z.yaml': yamlDoc('operation', 'maintenance') };
    const [finding] = analyzeFiles(files).of(RULE);
    const fixed = applyFix(files, finding.fixes!()[0]);
    assert.equal(
      fixed['req.md'],
      text.replace('## Decommissioning\n', '## Decommissioning\n| ID | Text | Threats |\n|----|----|----|\n| SR-003 | TODO: what must hold during decommissioning |  |\n'),
    );
    assert.equal((fixed['req.md'].match(/## Decommissioning/g) ?? []).length, 1);
  });

  it('offers a suppression with a reason, never preferred', () => {
    const files = { 'req.yaml': yamlDoc('installation', 'operation', 'maintenance') };
    const [finding] = analyzeFiles(files).of(RULE);
    const suppress = finding.fixes!().find((fix) => fix.title === 'Suppress phase-missing on this line (with a reason)')!;
    assert.ok(suppress && !suppress.isPreferred);
    const fixed = assertFixResolves(files, finding, suppress, ['suppression-without-reason']);
    assert.match(fixed['req.yaml'], /# clause-guide-disable-next-line phase-missing -- .*\nrequirements:/);
    assert.deepEqual(missingPhases(applyFix(files, suppress)), []);
  });

  it('does not throw on values of the wrong shape', () => {
    for (const body of ['requirements: oops\n', 'requirements:\n  - phase: [installation]\n  - 42\n  - id: {a: 1}\n', 'requirements: {a: 1}\n']) {
      const findings = analyzeFiles({ 'req.yaml': `kind: security-requirements\n${body}` }).of(RULE);
      assert.equal(findings.length, 4);
    }
  });
});
