// 7.4 against the criteria of 7.1.1: a threat whose residual risk the acceptance criteria do not
// accept as it is needs a residual-risk acceptance that says who accepted it, why and when, at the
// level the threat now has. Without criteria this rule does not judge (risk-acceptance-criteria-missing
// reports their absence); a threat without a residual risk is residual-risk-unassessed's.
// The fix appends an acceptance whose rationale and approver are placeholders: the acceptance is a
// person's decision, and a placeholder is read as no acceptance.
import { isFilled } from '../criteria';
import { appendItemEdit } from '../edits';
import { fieldText, type ModelItem } from '../model';
import { RISK_LEVELS } from '../schema';
import type { Fix } from '../types';
import { assessedThreats, itemName } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

/** What an acceptance must say: who, why and when. */
const ACCEPTANCE_FIELDS: [string, string][] = [
  ['accepted_by', 'who accepted it'],
  ['rationale', 'why'],
  ['accepted_on', 'when'],
];

const levelOf = (item: ModelItem, key: string) => fieldText(item, key).trim().toLowerCase();

export const riskAcceptanceMissing = workspaceRule({
  name: 'risk-acceptance-missing',
  clause: '7.4',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['threats', 'threat_assessments', 'criteria', 'acceptances'] },
  description:
    'A threat\'s residual risk is at a level the risk acceptance criteria do not accept as it is, and no residual-risk acceptance says who accepted it, why and when (at that level).',
  check({ workspace }) {
    const criteria = workspace.items('criteria');
    const acceptanceOfLevel = new Map<string, string>();
    for (const criterion of criteria) {
      const level = levelOf(criterion, 'risk');
      const acceptance = levelOf(criterion, 'acceptance');
      if (RISK_LEVELS.includes(level) && acceptance && !acceptanceOfLevel.has(level)) acceptanceOfLevel.set(level, acceptance);
    }
    if (!acceptanceOfLevel.size) return [];
    const acceptances = workspace.items('acceptances');
    const findings: RuleFinding[] = [];
    // Our own threats state their residual risk; a threat kept in a modelling tool (Threat Dragon)
    // has it stated by its assessment in the threat model (`threat_assessments`).
    const subjects: { threat: ModelItem; id: string; name: string }[] = [];
    for (const threat of workspace.items('threats')) if (threat.id && threat.form !== 'evidence') subjects.push({ threat, id: threat.id.text, name: itemName(threat, 'Threat') });
    for (const assessment of workspace.items('threat_assessments')) {
      for (const id of assessedThreats(assessment)) subjects.push({ threat: assessment, id, name: `Threat ${id} (by its assessment)` });
    }
    for (const { threat, id, name } of subjects) {
      const level = levelOf(threat, 'residual_risk');
      if (!RISK_LEVELS.includes(level)) continue;
      const needed = acceptanceOfLevel.get(level);
      if (needed === 'acceptable') continue;
      const own = acceptances.filter((acceptance) => (acceptance.fields.threats?.list ?? []).some((value) => value.text === id));
      const complete = own.filter((acceptance) => ACCEPTANCE_FIELDS.every(([key]) => isFilled(acceptance, key)));
      // An acceptance counts at the level it accepted or above: a risk that has grown since needs a new decision.
      const current = complete.filter((acceptance) => {
        const accepted = levelOf(acceptance, 'residual_risk');
        return !accepted || RISK_LEVELS.indexOf(accepted) >= RISK_LEVELS.indexOf(level);
      });
      if (current.length) continue;
      const why =
        needed === 'unacceptable'
          ? `the acceptance criteria do not accept ${level} risk: reduce it with further controls, or, if it stays, accept it with the benefit–risk rationale`
          : needed === 'accept-with-approval'
            ? `the acceptance criteria accept ${level} risk only when a named person accepts it`
            : `the acceptance criteria say nothing of ${level} risk, so it is not accepted as it is`;
      if (complete.length) {
        const stale = complete[0];
        findings.push({
          uri: stale.uri,
          range: stale.fields.residual_risk?.range ?? stale.anchor,
          message: `${itemName(stale, 'Acceptance')} accepted a ${levelOf(stale, 'residual_risk')} residual risk for ${id}, which is now ${level}: ${why}; record a new acceptance at ${level} (§7.4).`,
        });
      } else if (own.length) {
        const partial = own[0];
        const lacking = ACCEPTANCE_FIELDS.filter(([key]) => !isFilled(partial, key)).map(([key, what]) => `${what} (\`${key}\`)`);
        findings.push({
          uri: partial.uri,
          range: partial.anchor,
          message: `${itemName(partial, 'Acceptance')} of the ${level} residual risk of ${id} does not say ${lacking.join(', ')}: ${why} (§7.4).`,
        });
      } else {
        const holder = acceptances[0] ?? criteria[0];
        const fixes = (): Fix[] => {
          const document = workspace.model(holder.uri);
          const edit =
            document &&
            appendItemEdit(document, 'acceptances', [
              ['id', `RRA-${id}`],
              ['threats', `[${id}]`],
              ['residual_risk', level],
              ['rationale', '"TODO: why the residual risk is accepted"'],
              ['accepted_by', '"TODO: name and role"'],
            ]);
          return edit ? [{ title: `Add an acceptance of ${id}'s residual risk (to fill in)`, edits: { [document.uri]: [edit] } }] : [];
        };
        findings.push({
          uri: threat.uri,
          range: threat.fields.residual_risk.range,
          message: `${name} has a ${level} residual risk and no acceptance: ${why}. Record who accepted it, why and when under \`acceptances\` of the security risk management file (§7.4).`,
          fixes,
        });
      }
    }
    return findings;
  },
});
