import { idListHint, isBlank, itemName } from './helpers';
import type { DocumentRule } from './rule';

export const requirementUntraced: DocumentRule = {
  name: 'requirement-untraced',
  clause: '5.2.1',
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A security requirement names no threat of the threat model, so nothing shows which risk it answers.',
  check({ model }) {
    if (!model) return [];
    return (model.collections.requirements?.items ?? [])
      .filter((requirement) => isBlank(requirement, 'threats'))
      .map((requirement) => ({
        uri: model.uri,
        range: requirement.anchor,
        message:
          `${itemName(requirement, 'Requirement')} names no threat. ` +
          idListHint(requirement, { key: 'threats', label: 'Threats', idPrefix: 'TH', what: 'the threat(s) it answers', clause: '5.2.1' }),
      }));
  },
};
