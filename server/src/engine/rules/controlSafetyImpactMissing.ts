import { setFieldEdit } from '../edits';
import type { ModelItem } from '../model';
import type { Fix } from '../types';
import { isBlank, itemName, markdownCell } from './helpers';
import type { DocumentRule } from './rule';

/**
 * What the quick fix writes: the field, for a person to fill. The rule reads it as no assessment
 * (a fix must never write text that satisfies the rule it fixes), so the finding stays until then.
 */
const PLACEHOLDER = 'TODO: effect on safety and essential performance';

export const controlSafetyImpactMissing: DocumentRule = {
  name: 'control-safety-impact-missing',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A security control does not say how it affects safety and essential performance (or says only TODO, TBD or the like).',
  check({ model }) {
    if (!model) return [];
    return (model.collections.controls?.items ?? []).filter(lacksAssessment).map((control) => {
      const placeholder = !isBlank(control, 'safety_impact');
      // On a placeholder, writing the placeholder again would be no fix at all.
      const fixes = (): Fix[] => {
        const edit = placeholder ? undefined : setFieldEdit(model, control, 'safety_impact', JSON.stringify(PLACEHOLDER));
        return edit ? [{ title: 'Add safety_impact (to fill in)', edits: { [model.uri]: [edit] }, isPreferred: true }] : [];
      };
      const what = placeholder
        ? `${itemName(control, 'Control')} has only a placeholder for its safety impact assessment. Replace it with`
        : `${itemName(control, 'Control')} has no safety impact assessment. ${control.form === 'markdown' ? 'Write' : 'Add `safety_impact:` with'}`;
      const where = control.form === 'markdown' ? `, in ${markdownCell(control, 'safety_impact', 'Safety impact')}` : '';
      return {
        uri: model.uri,
        range: control.anchor,
        message: `${what} its effect on safety and essential performance (e.g. added latency, lock-out of clinicians), or that it has none${where} (§5.3.1).`,
        fixes,
      };
    });
  },
};

/** No safety impact: absent, empty, or only a placeholder (a value of the wrong shape is invalid-value's). */
function lacksAssessment(control: ModelItem): boolean {
  if (isBlank(control, 'safety_impact')) return true;
  return !!control.fields.safety_impact.scalar?.isPlaceholder;
}
