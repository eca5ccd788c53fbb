import { isBlank, itemName, markdownCell } from './helpers';
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
          (requirement.form === 'markdown'
            ? `Write the id(s) of the threat(s) it answers in ${markdownCell(requirement, 'threats', 'Threats')} (§5.2.1).`
            : 'Add `threats: [TH-…]` with the threat(s) it answers (§5.2.1).'),
        
      }));
  },
};
