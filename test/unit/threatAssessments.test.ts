// Threat assessments (threat-model `threat_assessments`): the safety impact, ISO 14971 hazard and
// residual risk of a threat kept in Threat Dragon, stated in our threat model by the threat's id.
// The criteria of 7.2 and 7.4 read a Threat Dragon threat together with its assessment; without
// one the threat stays lacking, and the rules of 7.2 and 7.4 judge the assessment as they judge a
// threat of our own.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateCriteria } from '../../server/src/engine/criteria';
import { REPO_ROOT, testCatalog, textAt } from '../support/fixtures';
import { analyzeFiles, uriOf, type AnalysedWorkspace } from '../support/workspace';

const V2 = fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'threat-dragon', 'infusync-v2.json'), 'utf8');
const catalog = testCatalog();
const TD = [1, 2, 3, 4, 5, 6].map((n) => `TD-${n}`);

const threatModel = (assessments: string) =>
  `kind: threat-model\nmethod: STRIDE\nreviewed: 2026-10-01\nthreats:\n  - id: TH-1\n    title: Own threat\n    category: spoofing\n    safety_impact: none\n    risk: low\n    residual_risk: low\n${assessments}`;

const assessment = (id: string, fields = 'safety_impact: minor\n    residual_risk: low\n') => `  - id: TA-${id}\n    threats: [${id}]\n    ${fields}`;

function criterion(analysed: AnalysedWorkspace, clauseId: string, text: RegExp) {
  const clause = catalog.get(clauseId)!;
  const results = evaluateCriteria(clauseId, clause.criteria!, analysed.index, {});
  const result = results.find((entry) => text.test(entry.criterion.text));
  assert.ok(result, `${clauseId} has a criterion ${text}`);
  return result;
}

describe('threat assessments of Threat Dragon threats', () => {
  it('without an assessment a Threat Dragon threat lacks its safety impact (7.2) and residual risk (7.4)', () => {
    const analysed = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.yaml': threatModel('') });
    const safety = criterion(analysed, '7.2', /safety impact/);
    assert.equal(safety.met, false);
    assert.match(safety.missing!, /^6 of 7 threats lack .*safety_impact.* \(threat TD-1, threat TD-2, threat TD-3, …\)$/);
    assert.equal(criterion(analysed, '7.4', /residual risk/).met, false);
  });

  it('an assessment naming each threat completes them: both criteria met, at the threat and at its assessment', () => {
    const files = { 'tm.threat-dragon.json': V2, 'tm.yaml': threatModel(`threat_assessments:\n${TD.map((id) => assessment(id)).join('')}`) };
    const analysed = analyzeFiles(files);
    const safety = criterion(analysed, '7.2', /safety impact/);
    assert.equal(safety.met, true, safety.missing);
    assert.ok(safety.where.some((where) => where.uri === uriOf('tm.threat-dragon.json') && where.what === 'threat TD-1'));
    const assessed = safety.where.find((where) => where.uri === uriOf('tm.yaml') && /threat_assessment/.test(where.what));
    assert.ok(assessed, JSON.stringify(safety.where));
    assert.match(textAt(files['tm.yaml'], assessed.range), /TD-1|threat/);
    assert.equal(criterion(analysed, '7.4', /residual risk/).met, true);
    assert.deepEqual(analysed.of('unknown-reference'), []);
    assert.deepEqual(analysed.of('residual-risk-unassessed'), []);
  });

  it('one missing assessment, a placeholder, or an assessment of our own threat leaves the gap open', () => {
    const five = TD.slice(0, 5).map((id) => assessment(id)).join('');
    const missingOne = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.yaml': threatModel(`threat_assessments:\n${five}`) });
    assert.match(criterion(missingOne, '7.2', /safety impact/).missing!, /^1 of 7 threats lack .* \(threat TD-6\)$/);

    const placeholder = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.yaml': threatModel(`threat_assessments:\n${five}${assessment('TD-6', 'safety_impact: TODO\n    residual_risk: low\n')}`) });
    assert.equal(criterion(placeholder, '7.2', /safety impact/).met, false);

    // Our own threat states its fields itself: an assessment does not stand in for them.
    const own = threatModel(`threat_assessments:\n${TD.map((id) => assessment(id)).join('')}${assessment('TH-2')}`).replace(
      '    residual_risk: low\n',
      '    residual_risk: low\n  - id: TH-2\n    title: Another own threat\n    category: tampering\n    risk: low\n',
    );
    const analysed = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.yaml': own });
    assert.match(criterion(analysed, '7.2', /safety impact/).missing!, /^1 of 8 threats lack .* \(threat TH-2\)$/);
  });

  it('the rules of 7.2 and 7.4 judge an assessment: a serious impact names its hazard, a residual risk is stated and accepted; an unknown threat is unknown-reference', () => {
    const assessments =
      'threat_assessments:\n' +
      assessment('TD-5', 'safety_impact: serious\n    residual_risk: medium\n') +
      assessment('TD-1', 'safety_impact: minor\n') +
      assessment('TD-99');
    const risk = 'kind: security-risk-management\ncriteria:\n  - id: RAC-M\n    risk: medium\n    acceptance: accept-with-approval\n  - id: RAC-L\n    risk: low\n    acceptance: acceptable\n';
    const files = { 'tm.threat-dragon.json': V2, 'tm.yaml': threatModel(assessments), 'risk.yaml': risk };
    const analysed = analyzeFiles(files);
    const [hazard, ...moreHazards] = analysed.of('hazard-link-missing');
    assert.deepEqual(moreHazards, []);
    assert.match(hazard.message, /^The assessment of TD-5 has a serious safety impact but names no ISO 14971 hazard/);
    const [residual, ...moreResidual] = analysed.of('residual-risk-unassessed');
    assert.deepEqual(moreResidual, []);
    assert.match(residual.message, /^The assessment of TD-1 has no residual risk\./);
    const [acceptance, ...moreAcceptances] = analysed.of('risk-acceptance-missing');
    assert.deepEqual(moreAcceptances, []);
    assert.match(acceptance.message, /^Threat TD-5 \(by its assessment\) has a medium residual risk and no acceptance/);
    assert.equal(textAt(files['tm.yaml'], acceptance.range), 'medium');
    assert.deepEqual(analysed.of('unknown-reference').map((finding) => textAt(files['tm.yaml'], finding.range)), ['TD-99']);

    // An acceptance of TD-5's residual risk clears it.
    const accepted = analyzeFiles({
      ...files,
      'risk.yaml': `${risk}acceptances:\n  - id: RRA-1\n    threats: [TD-5]\n    residual_risk: medium\n    rationale: Disk encryption leaves only an offline attack on a stolen unit.\n    accepted_by: Dr. A. Vogel (Head of Product Security)\n    accepted_on: 2026-10-01\n`,
    });
    assert.deepEqual(accepted.of('risk-acceptance-missing'), []);
  });

  it('reads the Markdown form: a table under "Threat assessments" with a Threats column', () => {
    const markdown =
      '---\nkind: threat-model\nmethod: STRIDE\nreviewed: 2026-10-01\n---\n# Threat model\n\n## Threat assessments\n\n| ID | Threats | Safety impact | Hazard | Residual risk |\n|---|---|---|---|---|\n' +
      TD.map((id) => `| TA-${id} | ${id} | serious | HAZ-0${id.slice(3)} | low |`).join('\n') +
      '\n';
    const analysed = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.md': markdown });
    assert.equal(criterion(analysed, '7.2', /safety impact/).met, true, criterion(analysed, '7.2', /safety impact/).missing);
    assert.equal(criterion(analysed, '7.4', /residual risk/).met, true);
    assert.deepEqual(analysed.of('hazard-link-missing'), []);
    const withoutHazard = analyzeFiles({ 'tm.threat-dragon.json': V2, 'tm.md': markdown.replace('| HAZ-05 |', '| |') });
    assert.match(withoutHazard.of('hazard-link-missing')[0]?.message ?? '', /^The assessment of TD-5 has a serious safety impact/);
  });
});
