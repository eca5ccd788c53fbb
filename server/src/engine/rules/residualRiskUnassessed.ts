// 7.4: after controls, the risk of each threat is estimated again and recorded. A threat of the
// threat model with a risk but no residual risk shows no re-rating, so nobody can tell whether the
// controls brought it to an acceptable level. The rating is a judgement: no fix writes one. The
// message does not quote the risk before controls, so re-rating it does not make the finding new.
import { isFilled } from '../criteria';
import { assessmentName, itemName, markdownCell } from './helpers';
import type { DocumentRule } from './rule';

export const residualRiskUnassessed: DocumentRule = {
  name: 'residual-risk-unassessed',
  clause: '7.4',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A threat of the threat model has no residual risk: its risk after controls is not estimated (or only a placeholder).',
  check({ model }) {
    if (!model || model.kind !== 'threat-model') return [];
    // A threat of our own, and the assessment of a threat kept in a modelling tool (Threat Dragon):
    // the assessment exists to state what the tool cannot, the residual risk among it.
    const assessments = model.collections.threat_assessments?.items ?? [];
    return [...(model.collections.threats?.items ?? []), ...assessments]
      .filter((threat) => !isFilled(threat, 'residual_risk') && !threat.fields.residual_risk?.structured)
      .map((threat) => {
        const where = threat.form === 'markdown' ? ` in ${markdownCell(threat, 'residual_risk', 'Residual risk')}` : ' as `residual_risk:`';
        return {
          uri: model.uri,
          range: threat.fields.residual_risk?.range ?? threat.anchor,
          message:
            `${threat.collection === 'threat_assessments' ? assessmentName(threat) : itemName(threat, 'Threat')} has no residual risk. ` +
            `Estimate its risk again with its controls in place and write the level${where} (low, medium, high or critical), so it can be judged against the acceptance criteria (§7.4).`,
        };
      });
  },
};
