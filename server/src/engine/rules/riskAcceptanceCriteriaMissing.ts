// 7.1.1: security risk management states its criteria for accepting risk. Without them no risk
// rating says whether a threat needs control or acceptance (risk-acceptance-missing reads them).
// Criteria that leave a level out leave a threat at that level undecided too, so the levels
// without a criterion are named. Which level is acceptable is a policy decision, so no fix writes one.
import { isFilled } from '../criteria';
import { fieldText } from '../model';
import { RISK_LEVELS } from '../schema';
import type { DocumentRule } from './rule';

export const riskAcceptanceCriteriaMissing: DocumentRule = {
  name: 'risk-acceptance-criteria-missing',
  clause: '7.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A security risk management document states no risk acceptance criteria (a risk level with what it takes to accept a risk at it), or none for some of the risk levels.',
  check({ model }) {
    if (!model || model.kind !== 'security-risk-management') return [];
    const criteria = model.collections.criteria;
    const stated = (criteria?.items ?? []).filter((item) => isFilled(item, 'risk') && isFilled(item, 'acceptance'));
    if (stated.length) {
      const levels = new Set(stated.map((item) => fieldText(item, 'risk').trim().toLowerCase()));
      const missing = RISK_LEVELS.filter((level) => !levels.has(level));
      if (!missing.length) return [];
      return [
        {
          uri: model.uri,
          range: criteria?.keyRange ?? stated[0].anchor,
          message:
            `The risk acceptance criteria say nothing of ${missing.join(', ')} risk, so a threat at ${missing.length === 1 ? 'that level' : 'those levels'} is neither acceptable nor to be reduced by rule. ` +
            `Add a criterion for ${missing.length === 1 ? 'it' : 'each'} with its \`acceptance\`: acceptable, accept-with-approval or unacceptable, as your risk management plan sets it (§7.1.1).`,
        },
      ];
    }
    return [
      {
        uri: model.uri,
        range: criteria?.keyRange ?? criteria?.items[0]?.anchor ?? model.kindRange,
        message:
          'This security risk management file states no risk acceptance criteria. Under `criteria`, give each risk level (low, medium, high, critical) ' +
          'its `acceptance`: acceptable, accept-with-approval or unacceptable, as your risk management plan sets it (§7.1.1).',
      },
    ];
  },
};
