// 7.2 with ISO 14971: a threat whose safety impact is serious or critical leads to a hazard of the
// safety risk management file, and the security file says which, so the two files can be read
// together. The fix adds the field with a placeholder (read as missing until a person names the hazard).
import { isFilled } from '../criteria';
import { setFieldEdit } from '../edits';
import { fieldText } from '../model';
import type { Fix } from '../types';
import { assessmentName, itemName, markdownCell } from './helpers';
import type { DocumentRule } from './rule';

/** Safety impacts that must be traced to an ISO 14971 hazard. */
const SERIOUS = new Set(['serious', 'critical']);
const PLACEHOLDER = '"TODO: ISO 14971 hazard id"';

export const hazardLinkMissing: DocumentRule = {
  name: 'hazard-link-missing',
  clause: '7.2',
  defaultSeverity: 'error',
  scope: 'document',
  description: 'A threat whose safety impact is serious or critical names no ISO 14971 hazard it can lead to (`hazard`).',
  check({ model }) {
    if (!model || model.kind !== 'threat-model') return [];
    // A threat of our own, and the assessment of a threat kept in a modelling tool (Threat Dragon).
    const assessments = model.collections.threat_assessments?.items ?? [];
    return [...(model.collections.threats?.items ?? []), ...assessments]
      .filter((threat) => SERIOUS.has(fieldText(threat, 'safety_impact').trim().toLowerCase()) && !isFilled(threat, 'hazard') && !threat.fields.hazard?.structured)
      .map((threat) => {
        const impact = fieldText(threat, 'safety_impact').trim().toLowerCase();
        const present = !!threat.fields.hazard;
        const fixes = (): Fix[] => {
          if (present && threat.form !== 'markdown') return []; // a placeholder is there: writing it again fixes nothing
          const edit = setFieldEdit(model, threat, 'hazard', PLACEHOLDER);
          return edit ? [{ title: 'Add hazard (to fill in)', edits: { [model.uri]: [edit] }, isPreferred: true }] : [];
        };
        const where = threat.form === 'markdown' ? `in ${markdownCell(threat, 'hazard', 'Hazard')}` : 'as `hazard:`';
        return {
          uri: model.uri,
          range: threat.fields.hazard?.range ?? threat.fields.safety_impact.range,
          message:
            `${threat.collection === 'threat_assessments' ? assessmentName(threat) : itemName(threat, 'Threat')} has a ${impact} safety impact but names no ISO 14971 hazard it can lead to. ` +
            `Write the hazard's id from your safety risk management file ${where}, so the risk file and the threat model can be read together (§7.2).`,
          fixes,
        };
      });
  },
};
