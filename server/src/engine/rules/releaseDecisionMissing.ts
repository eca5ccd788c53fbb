// 5.8.5: the release record states the release decision. Without one the release reads as pending
// (release-open-finding, the readiness report and `check --release` all read it so), and an
// auditor cannot tell whether it shipped on purpose. The decision is a person's, so no fix writes one.
import { fieldText } from '../model';
import { isPlaceholderText } from '../placeholder';
import type { DocumentRule } from './rule';

export const releaseDecisionMissing: DocumentRule = {
  name: 'release-decision-missing',
  clause: '5.8.5',
  defaultSeverity: 'warning',
  scope: 'document',
  description: 'A release record states no decision (authorized, blocked or pending), so the release reads as pending and cannot pass a release gate.',
  check({ model }) {
    if (!model || model.kind !== 'release-record') return [];
    const field = model.fields.decision;
    if (field && !field.scalar) return []; // a list or mapping: invalid-value reports the shape
    const written = field?.scalar?.text ?? '';
    if (!isPlaceholderText(written)) return [];
    const release = fieldText(model, 'release').trim();
    return [
      {
        uri: model.uri,
        range: written.trim() ? field!.scalar!.range : model.kindRange,
        message:
          `${release ? `Release ${release}` : 'This release'} records no decision, so it reads as pending: it cannot pass a release gate. ` +
          `Write \`decision: authorized\`, \`blocked\` or \`pending\` as the person who signs off the release decides (§5.8.5).`,
      },
    ];
  },
};
