import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, onlyRules } from '../../support/workspace';

describe('software-item-unclassified', () => {
  const RULE = 'software-item-unclassified';
  it('fires on an item without classification (or only a placeholder), at its id; YAML and Markdown', () => {
    const files = { 'm.yaml': 'kind: maintenance-plan\nsoftware_items:\n  - id: SI-OS\n    name: Base image\n    classification: maintained\n  - id: SI-DB\n    name: SQLite\n    classification: TBD\n' };
    const [finding, ...rest] = analyzeFiles(files, onlyRules(RULE)).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '4.3');
    assert.equal(textAt(files['m.yaml'], finding.range), 'SI-DB');
    assert.match(finding.message, /^SQLite has no `classification`/);
    const md = '---\nkind: maintenance-plan\n---\n# Software items\n\n| ID | Name | Classification |\n|---|---|---|\n| SI-1 | OS | |\n| SI-2 | App | maintained |\n';
    assert.equal(analyzeFiles({ 'm.md': md }, onlyRules(RULE)).of(RULE).length, 1);
  });
});

describe('update-target-missing', () => {
  const RULE = 'update-target-missing';
  const plan = (targets: string) => `kind: maintenance-plan\nupdate_targets:\n${targets}`;
  it('fires once for the severities with no target, at the update_targets key, and at a target without days', () => {
    const files = { 'm.yaml': plan('  - id: UT-C\n    severity: critical\n    days: 15\n  - id: UT-H\n    severity: high\n    days: TBD\n') };
    const findings = analyzeFiles(files, onlyRules(RULE)).of(RULE);
    assert.equal(findings.length, 2, findings.map((f) => f.message).join('\n'));
    assert.equal(findings[0].clause, '6.1.1');
    assert.equal(findings[0].severity, 'error');
    const missing = findings.find((f) => /^No security update delivery target/.test(f.message))!;
    assert.match(missing.message, /for medium, low severity|for low, medium severity/);
    assert.equal(textAt(files['m.yaml'], missing.range), 'update_targets');
    assert.match(findings.find((f) => f !== missing)!.message, /^The high update target states no `days`/);
  });
  it('stays silent when every severity has its days, and on other kinds', () => {
    const all = ['low', 'medium', 'high', 'critical'].map((s, i) => `  - id: UT-${i}\n    severity: ${s}\n    days: ${(4 - i) * 30}\n`).join('');
    assert.deepEqual(analyzeFiles({ 'm.yaml': plan(all) }, onlyRules(RULE)).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'r.yaml': 'kind: release-record\n' }, onlyRules(RULE)).of(RULE), []);
  });
});

describe('release-baseline-missing', () => {
  const RULE = 'release-baseline-missing';
  const cm = 'kind: configuration-management\nconfiguration_items:\n  - id: CI-SRC\n    name: Source\nbaselines:\n  - id: BL-1\n    release: "v2.2.0"\n    items: [CI-SRC]\n';
  it('fires on a release with no baseline, at its release, once the project keeps baselines', () => {
    const files = { 'cm.yaml': cm, 'rr.yaml': 'kind: release-record\nrelease: 2.3.0\ndecision: pending\n' };
    const [finding, ...rest] = analyzeFiles(files, onlyRules(RULE)).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '8');
    assert.equal(textAt(files['rr.yaml'], finding.range), '2.3.0');
    assert.match(finding.message, /^Release 2\.3\.0 has no baseline/);
    assert.equal(finding.related?.[0].uri.endsWith('cm.yaml'), true);
  });
  it('stays silent on a baselined release (v-prefix or not), and without configuration management', () => {
    assert.deepEqual(analyzeFiles({ 'cm.yaml': cm, 'rr.yaml': 'kind: release-record\nrelease: 2.2.0\n' }, onlyRules(RULE)).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'rr.yaml': 'kind: release-record\nrelease: 2.3.0\n' }, onlyRules(RULE)).of(RULE), []);
    const noItems = cm.replace('    items: [CI-SRC]\n', '');
    assert.equal(analyzeFiles({ 'cm.yaml': noItems, 'rr.yaml': 'kind: release-record\nrelease: 2.2.0\n' }, onlyRules(RULE)).of(RULE).length, 1, 'a baseline that names no items is none');
  });
});
