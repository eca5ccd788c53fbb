// The rules of security risk management (7.1–7.5): the product security context, the risk
// acceptance criteria, the residual risk of each threat, the ISO 14971 hazard of a threat with a
// serious safety impact, and the acceptance of residual risks with who, why and when.
import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, applyFix, onlyRules } from '../../support/workspace';

const SRM = [
  'kind: security-risk-management',
  'id: SRM-1',
  'intended_environment: Hospital clinical VLAN behind the hospital firewall',
  'adjacent_systems: [infusion pumps, hospital EHR]',
  'user_roles: [clinician, biomedical engineer]',
  'criteria:',
  '  - id: RAC-LOW',
  '    risk: low',
  '    acceptance: acceptable',
  '  - id: RAC-MEDIUM',
  '    risk: medium',
  '    acceptance: accept-with-approval',
  '  - id: RAC-HIGH',
  '    risk: high',
  '    acceptance: unacceptable',
  '  - id: RAC-CRITICAL',
  '    risk: critical',
  '    acceptance: unacceptable',
  'acceptances:',
  '  - id: RRA-1',
  '    threats: [TH-2]',
  '    residual_risk: medium',
  '    rationale: Rate limiting keeps the pump VLAN usable; a full fix needs new pump firmware.',
  '    accepted_by: Dana Ruiz, Head of Product Security',
  '    accepted_on: 2026-10-01',
  '',
].join('\n');

const threats = (...lines: string[]) => ['kind: threat-model', 'threats:', ...lines, ''].join('\n');

describe('security-context-missing', () => {
  const RULE = 'security-context-missing';
  const only = onlyRules(RULE);

  it('fires when the context is missing or a placeholder, naming what is missing; error under 7.1.2', () => {
    const text = 'kind: security-risk-management\nintended_environment: TBD\nuser_roles: [clinician]\n';
    const [finding, ...rest] = analyzeFiles({ 'srm.yaml': text }, only).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '7.1.2');
    assert.equal(textAt(text, finding.range), 'TBD');
    assert.match(finding.message, /^The product security context does not state the intended environment \(`intended_environment`\) and the adjacent systems \(`adjacent_systems`\)\./);
  });

  it('stays silent on a stated context, and on other kinds', () => {
    assert.deepEqual(analyzeFiles({ 'srm.yaml': SRM }, only).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 't.yaml': threats() }, only).of(RULE), []);
  });

  it('fix adds the absent keys with placeholders, which the rule still reports', () => {
    const files = { 'srm.yaml': 'kind: security-risk-management\nuser_roles: [clinician]\n' };
    const [finding] = analyzeFiles(files, only).of(RULE);
    const fix = finding.fixes!()[0];
    assert.equal(fix.title, 'Add intended_environment, adjacent_systems (to fill in)');
    const fixed = applyFix(files, fix);
    assert.equal(fixed['srm.yaml'], 'kind: security-risk-management\nuser_roles: [clinician]\nintended_environment: "TODO: where the product runs and what protection the operator provides"\nadjacent_systems: [TODO]\n');
    const [still] = analyzeFiles(fixed, only).of(RULE);
    assert.ok(still, 'placeholders are no context');
    assert.deepEqual(still.fixes!().map((f) => f.title), ['Suppress security-context-missing on this line (with a reason)']);
  });

  it('reads Markdown front matter', () => {
    assert.equal(analyzeFiles({ 'srm.md': '---\nkind: security-risk-management\n---\n# Risk\n' }, only).of(RULE).length, 1);
  });
});

describe('risk-acceptance-criteria-missing', () => {
  const RULE = 'risk-acceptance-criteria-missing';
  const only = onlyRules(RULE);

  it('fires on a security risk management file without criteria, or with criteria that state no acceptance; error under 7.1.1', () => {
    const none = 'kind: security-risk-management\nid: SRM-1\n';
    const [finding] = analyzeFiles({ 'srm.yaml': none }, only).of(RULE);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '7.1.1');
    assert.equal(textAt(none, finding.range), 'security-risk-management');
    assert.match(finding.message, /states no risk acceptance criteria/);
    const empty = 'kind: security-risk-management\ncriteria:\n  - id: RAC-1\n    risk: low\n    acceptance: TODO\n';
    const [atKey] = analyzeFiles({ 'srm.yaml': empty }, only).of(RULE);
    assert.equal(textAt(empty, atKey.range), 'criteria');
  });

  it('stays silent when every risk level has a criterion stating its acceptance (YAML and Markdown)', () => {
    assert.deepEqual(analyzeFiles({ 'srm.yaml': SRM }, only).of(RULE), []);
    const md =
      '---\nkind: security-risk-management\n---\n## Risk acceptance criteria\n| ID | Risk | Acceptance |\n|---|---|---|\n' +
      '| RAC-1 | low | acceptable |\n| RAC-2 | medium | accept-with-approval |\n| RAC-3 | high | unacceptable |\n| RAC-4 | critical | unacceptable |\n';
    assert.deepEqual(analyzeFiles({ 'srm.md': md }, only).of(RULE), []);
  });

  it('names the risk levels the criteria leave out: a threat at such a level is decided by nobody', () => {
    const partial = SRM.replace('  - id: RAC-CRITICAL\n    risk: critical\n    acceptance: unacceptable\n', '').replace('  - id: RAC-HIGH\n    risk: high\n    acceptance: unacceptable\n', '');
    assert.notEqual(partial, SRM);
    const [finding, ...rest] = analyzeFiles({ 'srm.yaml': partial }, only).of(RULE);
    assert.deepEqual(rest, []);
    assert.equal(finding.severity, 'error');
    assert.equal(textAt(partial, finding.range), 'criteria');
    assert.match(finding.message, /^The risk acceptance criteria say nothing of high, critical risk, so a threat at those levels is neither acceptable nor to be reduced by rule\. Add a criterion for each/);
    const md = '---\nkind: security-risk-management\n---\n## Risk acceptance criteria\n| ID | Risk | Acceptance |\n|---|---|---|\n| RAC-1 | low | acceptable |\n';
    assert.match(analyzeFiles({ 'srm.md': md }, only).of(RULE)[0]?.message ?? '', /say nothing of medium, high, critical risk/);
  });
});

describe('residual-risk-unassessed', () => {
  const RULE = 'residual-risk-unassessed';
  const only = onlyRules(RULE);

  it('fires on a threat without a residual risk, or with a placeholder; error under 7.4', () => {
    const text = threats('  - id: TH-1', '    risk: high', '  - id: TH-2', '    risk: high', '    residual_risk: low', '  - id: TH-3', '    residual_risk: TBD');
    const findings = analyzeFiles({ 't.yaml': text }, only).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['TH-1', 'TBD']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '7.4');
    assert.match(findings[0].message, /^Threat TH-1 has no residual risk\. Estimate its risk again/);
  });

  it('reads Markdown threat tables, and leaves other kinds alone', () => {
    const md = '---\nkind: threat-model\n---\n| ID | Risk | Residual risk |\n|---|---|---|\n| TH-1 | high | low |\n| TH-2 | high | |\n';
    const findings = analyzeFiles({ 't.md': md }, only).of(RULE);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /Threat TH-2 .* in its Residual risk cell/);
    assert.deepEqual(analyzeFiles({ 'srm.yaml': SRM }, only).of(RULE), []);
  });
});

describe('hazard-link-missing', () => {
  const RULE = 'hazard-link-missing';
  const only = onlyRules(RULE);
  const text = threats(
    '  - id: TH-1',
    '    safety_impact: critical',
    '  - id: TH-2',
    '    safety_impact: serious',
    '    hazard: HAZ-012 over-infusion',
    '  - id: TH-3',
    '    safety_impact: minor',
    '  - id: TH-4',
    '    safety_impact: serious',
    '    hazard: TODO',
  );

  it('fires on a serious or critical safety impact without a hazard (a placeholder is none); error under 7.2', () => {
    const findings = analyzeFiles({ 't.yaml': text }, only).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(text, f.range)), ['critical', 'TODO']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '7.2');
    assert.match(findings[0].message, /^Threat TH-1 has a critical safety impact but names no ISO 14971 hazard/);
  });

  it('fix adds the field with a placeholder that the rule still reports; no fix over a placeholder', () => {
    const files = { 't.yaml': text };
    const [first, second] = analyzeFiles(files, only).of(RULE);
    const fix = first.fixes!()[0];
    assert.equal(fix.title, 'Add hazard (to fill in)');
    const fixed = applyFix(files, fix);
    assert.equal(fixed['t.yaml'], text.replace('safety_impact: critical\n', 'safety_impact: critical\n    hazard: "TODO: ISO 14971 hazard id"\n'));
    assert.equal(analyzeFiles(fixed, only).of(RULE).length, 2, 'the placeholder names no hazard');
    assert.deepEqual(second.fixes!().map((f) => f.title), ['Suppress hazard-link-missing on this line (with a reason)']);
  });
});

describe('risk-acceptance-missing', () => {
  const RULE = 'risk-acceptance-missing';
  const only = onlyRules(RULE);
  const model = threats(
    '  - id: TH-1',
    '    residual_risk: low',
    '  - id: TH-2',
    '    residual_risk: medium',
    '  - id: TH-3',
    '    residual_risk: medium',
    '  - id: TH-4',
    '    residual_risk: high',
  );

  it('fires on a residual risk the criteria do not accept as it is and nobody accepted; error under 7.4', () => {
    const files = { 't.yaml': model, 'srm.yaml': SRM };
    const findings = analyzeFiles(files, only).of(RULE);
    assert.deepEqual(findings.map((f) => `${f.uri.split('/').pop()} ${textAt(f.uri.endsWith('t.yaml') ? model : SRM, f.range)}`), ['t.yaml medium', 't.yaml high']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '7.4');
    assert.match(findings[0].message, /^Threat TH-3 has a medium residual risk and no acceptance: the acceptance criteria accept medium risk only when a named person accepts it\./);
    assert.match(findings[1].message, /^Threat TH-4 .*do not accept high risk: reduce it with further controls/);
  });

  it('fix appends an acceptance to fill in, which is still no acceptance', () => {
    const files = { 't.yaml': model, 'srm.yaml': SRM };
    const [finding] = analyzeFiles(files, only).of(RULE);
    const fix = finding.fixes!()[0];
    assert.equal(fix.title, "Add an acceptance of TH-3's residual risk (to fill in)");
    const fixed = applyFix(files, fix);
    assert.equal(
      fixed['srm.yaml'],
      SRM.replace('accepted_on: 2026-10-01\n', 'accepted_on: 2026-10-01\n  - id: RRA-TH-3\n    threats: [TH-3]\n    residual_risk: medium\n    rationale: "TODO: why the residual risk is accepted"\n    accepted_by: "TODO: name and role"\n'),
    );
    const after = analyzeFiles(fixed, only).of(RULE);
    assert.equal(after.length, 2);
    assert.match(after[0].message, /^Acceptance RRA-TH-3 of the medium residual risk of TH-3 does not say who accepted it \(`accepted_by`\), why \(`rationale`\), when \(`accepted_on`\)/);
  });

  it('takes an acceptance at a lower level than the residual risk now has as no acceptance', () => {
    const grown = threats('  - id: TH-2', '    residual_risk: high');
    const [finding] = analyzeFiles({ 't.yaml': grown, 'srm.yaml': SRM }, only).of(RULE);
    assert.match(finding.message, /^Acceptance RRA-1 accepted a medium residual risk for TH-2, which is now high/);
    assert.equal(textAt(SRM, finding.range), 'medium');
  });

  it('stays silent without criteria (risk-acceptance-criteria-missing says so), and when every residual risk is accepted', () => {
    assert.deepEqual(analyzeFiles({ 't.yaml': model }, only).of(RULE), []);
    const accepted = threats('  - id: TH-1', '    residual_risk: low', '  - id: TH-2', '    residual_risk: medium');
    assert.deepEqual(analyzeFiles({ 't.yaml': accepted, 'srm.yaml': SRM }, only).of(RULE), []);
  });
});
