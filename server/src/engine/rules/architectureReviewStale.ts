import type { ModelDocument } from '../model';
import type { Range } from '../types';
import { fileName, isBlank, isoDate } from './helpers';
import { workspaceRule } from './rule';

export const architectureReviewStale = workspaceRule({
  name: 'architecture-review-stale',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'workspace',
  reads: { kinds: ['threat-model', 'security-architecture'] },
  description: 'The security architecture was last reviewed before the threat model last changed (or records no review date).',
  check({ workspace }) {
    const threatModels = workspace.documentsOfKind('threat-model');
    if (!threatModels.length) return [];
    const latest = latestThreatModelDate(threatModels);
    const when = latest ? `${latest.date}, in ${fileName(latest.uri)}` : '';
    const related = latest ? [{ uri: latest.uri, range: latest.range, message: `The threat model's \`${latest.key}\` date: ${latest.date}` }] : undefined;
    return workspace.documentsOfKind('security-architecture').flatMap((architecture) => {
      const name = architecture.fields.id?.scalar?.text ? `Security architecture ${architecture.fields.id.scalar.text}` : `The security architecture in ${fileName(architecture.uri)}`;
      let range: Range;
      let message: string;
      if (isBlank(architecture, 'reviewed')) {
        range = architecture.fields.reviewed?.keyRange ?? architecture.kindRange;
        message =
          `${name} records no review date, so nothing shows it was reviewed against the current threat model${when ? ` (last changed ${when})` : ''}. ` +
          'Review it and record the date: `reviewed: YYYY-MM-DD` (§5.3.1).';
      } else {
        const reviewed = architecture.fields.reviewed.scalar;
        const date = reviewed && isoDate(reviewed.text);
        if (!reviewed || !date || !latest || date >= latest.date) return [];
        range = reviewed.range;
        message = `${name} was reviewed on ${date}, before the threat model last changed (${when}). Review the architecture against the current threats and update \`reviewed\` (§5.3.1).`;
      }
      return [{ uri: architecture.uri, range, message, related }];
    });
  },
});

/** The latest valid `changed` or `reviewed` date of the threat-model documents, and where it is written. */
function latestThreatModelDate(threatModels: ModelDocument[]) {
  let latest: { date: string; key: string; uri: string; range: Range } | undefined;
  for (const document of threatModels) {
    for (const key of ['changed', 'reviewed']) {
      const scalar = document.fields[key]?.scalar;
      const date = scalar && isoDate(scalar.text);
      if (scalar && date && (!latest || date > latest.date)) latest = { date, key, uri: document.uri, range: scalar.range };
    }
  }
  return latest;
}
