// 7.1.1: security risk management states its criteria for accepting risk. Without them no risk
// rating says whether a threat needs control or acceptance (risk-acceptance-missing reads them).
// Which level is acceptable is a policy decision, so no fix writes one.
import { isFilled } from '../criteria';
import type { DocumentRule } from './rule';

export const riskAcceptanceCriteriaMissing: DocumentRule = {
  name: 'risk-acceptance-criteria-missing',
  clause: '7.1.1',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A security risk management document states no risk acceptance criteria (a risk level with what it takes to accept a risk at it).',
  check({ model }) {
    if (!model || model.kind !== 'security-risk-management') return [];
    const criteria = model.collections.criteria;
    if ((criteria?.items ?? []).some((item) => isFilled(item, 'risk') && isFilled(item, 'acceptance'))) return [];
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
