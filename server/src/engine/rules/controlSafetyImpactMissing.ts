import { setFieldEdit } from '../edits';
import type { Fix } from '../types';
import { isBlank, itemName, markdownCell } from './helpers';
import type { DocumentRule } from './rule';

export const controlSafetyImpactMissing: DocumentRule = {
  name: 'control-safety-impact-missing',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A security control does not say how it affects safety and essential performance.',
  check({ model }) {
    if (!model) return [];
    return (model.collections.controls?.items ?? [])
      .filter((control) => isBlank(control, 'safety_impact'))
      .map((control) => {
        const edit = setFieldEdit(model, control, 'safety_impact', '"TODO: effect on safety and essential performance"');
        const fixes: Fix[] = edit ? [{ title: 'Add safety_impact (to fill in)', edits: { [model.uri]: [edit] }, isPreferred: true }] : [];
        return {
          uri: model.uri,
          range: control.anchor,
          message:
            `${itemName(control, 'Control')} has no safety impact assessment. ` +
            (control.form === 'markdown'
              ? `Write its effect on safety and essential performance (e.g. added latency, lock-out of clinicians), or that it has none, in ${markdownCell(control, 'safety_impact', 'Safety impact')} (§5.3.1).`
              : 'Add `safety_impact:` with its effect on safety and essential performance (e.g. added latency, lock-out of clinicians), or that it has none (§5.3.1).'),
          fixes,
        };
      });
  },
};
