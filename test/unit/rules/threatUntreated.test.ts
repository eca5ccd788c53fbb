import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, onlyRules, uriOf } from '../../support/workspace';

const RULE = 'threat-untreated';
const threat = (id: string, risk: string, title = 'Replayed dose command') => `  - id: ${id}\n    title: ${title}\n    risk: ${risk}\n`;
const threatModel = (...threats: string[]) => 'kind: threat-model\nthreats:\n' + threats.join('');
const requirements = (threats: string) => `kind: security-requirements\nrequirements:\n  - id: SR-1\n    phase: operation\n    text: Dose commands carry a nonce.\n    threats: ${threats}\n`;
const architecture = (mitigates: string) => `kind: security-architecture\ncontrols:\n  - id: CTL-1\n    layer: network\n    mitigates: ${mitigates}\n    safety_impact: none\n`;
const only = onlyRules(RULE);

describe(RULE, () => {
  it('fires on a threat rated high or above that no requirement names and no control mitigates, at its id, as an error of 7.4', () => {
    const tm = threatModel(threat('TH-1', 'high'), threat('TH-2', 'critical', 'Forged firmware'), threat('TH-3', 'medium'), threat('TH-4', 'low'), '  - id: TH-5\n    title: Unrated\n');
    const findings = analyzeFiles({ 'tm.yaml': tm }, only).of(RULE);
    assert.deepEqual(findings.map((f) => textAt(tm, f.range)), ['TH-1', 'TH-2']);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].clause, '7.4');
    assert.equal(findings[0].uri, uriOf('tm.yaml'));
    assert.match(findings[1].message, /^Threat TH-2 \(Forged firmware\) is rated critical, yet no security requirement names it and no control mitigates it\./);
  });

  it('is quiet once a requirement traces to the threat, or a control mitigates it', () => {
    const tm = threatModel(threat('TH-1', 'high'));
    assert.deepEqual(analyzeFiles({ 'tm.yaml': tm, 'sr.yaml': requirements('[TH-1]') }, only).of(RULE), []);
    assert.deepEqual(analyzeFiles({ 'tm.yaml': tm, 'sa.yaml': architecture('[TH-1]') }, only).of(RULE), []);
    assert.equal(analyzeFiles({ 'tm.yaml': tm, 'sr.yaml': requirements('[TH-9]'), 'sa.yaml': architecture('[TH-8]') }, only).of(RULE).length, 1, 'other threats do not count');
  });

  it('takes the risk level from the configuration (threatUntreatedRisk)', () => {
    const tm = threatModel(threat('TH-1', 'high'), threat('TH-3', 'medium'), threat('TH-4', 'low'));
    assert.deepEqual(analyzeFiles({ 'tm.yaml': tm }, { ...only, threatUntreatedRisk: 'medium' }).of(RULE).map((f) => textAt(tm, f.range)), ['TH-1', 'TH-3']);
    assert.deepEqual(analyzeFiles({ 'tm.yaml': tm }, { ...only, threatUntreatedRisk: 'critical' }).of(RULE), []);
  });

  it('reads the Markdown form', () => {
    const md = '---\nkind: threat-model\n---\n## Threats\n| ID | Title | Risk |\n|---|---|---|\n| TH-1 | Sniffing | High |\n| TH-2 | Replay | low |\n';
    const [finding, ...rest] = analyzeFiles({ 'tm.md': md }, only).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(textAt(md, finding.range), 'TH-1');
  });
});
