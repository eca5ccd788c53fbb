import { idListHint, isBlank, itemName } from './helpers';
import type { DocumentRule } from './rule';

export const requirementUnverified: DocumentRule = {
  name: 'requirement-unverified',
  clause: '5.7.1',
  defaultSeverity: 'information',
  scope: 'document',
  description: 'A security requirement names no verification (test), so nothing shows it is met.',
  check({ model }) {
    if (!model) return [];
    return (model.collections.requirements?.items ?? [])
      .filter((requirement) => isBlank(requirement, 'verification'))
      .map((requirement) => ({
        uri: model.uri,
        range: requirement.anchor,
        message:
          `${itemName(requirement, 'Requirement')} names no verification. ` +
          idListHint(requirement, { key: 'verification', label: 'Verification', idPrefix: 'VT', what: 'the test(s) that show it is met', clause: '5.7.1' }),
      }));
  },
};
