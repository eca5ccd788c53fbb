import type { ModelDocument } from '../model';
import { documentContentFingerprint, markReviewedEdits, reviewFingerprint, reviewStampOf, reviewState, REVIEW_FINGERPRINT_FIELD } from '../reviewStamp';
import type { Fix, Range } from '../types';
import { fileName, isBlank, isoDate } from './helpers';
import { workspaceRule } from './rule';

// The architecture's review stamp (engine/reviewStamp.ts, the mechanism item-changed-since-review
// uses for items) covers the architecture's own content and the threat model it was reviewed
// against. With a fingerprint, any change of either after the review is found (an architecture
// edited after its review, a new threat); with a date alone, the threat model's latest
// `changed`/`reviewed` date is compared, as before stamps had fingerprints.
export const architectureReviewStale = workspaceRule({
  name: 'architecture-review-stale',
  clause: '5.3.1',
  defaultSeverity: 'warning',
  scope: 'workspace',
  // today: the Mark as reviewed fix stamps today's date.
  reads: { kinds: ['threat-model', 'security-architecture'], today: true },
  description:
    'The security architecture was last reviewed before the threat model last changed, or it or the threat model changed since its review stamp (`review_fingerprint`), or it records no review date.',
  check({ workspace, evidence }) {
    const threatModels = workspace.documentsOfKind('threat-model');
    if (!threatModels.length) return [];
    const latest = latestThreatModelDate(threatModels);
    const when = latest ? `${latest.date}, in ${fileName(latest.uri)}` : '';
    const related = latest ? [{ uri: latest.uri, range: latest.range, message: `The threat model's \`${latest.key}\` date: ${latest.date}` }] : undefined;
    const fingerprintNow = (architecture: ModelDocument) =>
      reviewFingerprint(
        documentContentFingerprint(architecture),
        threatModels.map((document) => [document.uri, documentContentFingerprint(document)] as const),
      );
    return workspace.documentsOfKind('security-architecture').flatMap((architecture) => {
      const name = architecture.fields.id?.scalar?.text ? `Security architecture ${architecture.fields.id.scalar.text}` : `The security architecture in ${fileName(architecture.uri)}`;
      const fixes = (): Fix[] => {
        const today = evidence.today;
        const edits = today && markReviewedEdits(architecture, undefined, today, fingerprintNow(architecture));
        return edits ? [{ title: `Mark the security architecture as reviewed (today, ${today})`, edits: { [architecture.uri]: edits }, isPreferred: true }] : [];
      };
      const stamp = reviewStampOf(architecture.fields);
      if (stamp?.fingerprint) {
        const verdict = reviewState(stamp, fingerprintNow(architecture));
        if (verdict.state !== 'changed') return [];
        const on = verdict.date ? ` on ${verdict.date}` : '';
        return [
          {
            uri: architecture.uri,
            range: architecture.fields[REVIEW_FINGERPRINT_FIELD].scalar ?? architecture.fields[REVIEW_FINGERPRINT_FIELD].range,
            message: `${name} or the threat model changed since the architecture was reviewed${on}: what the review recorded is not what the files hold now. Review the architecture against the current threats, then run "Mark as reviewed" (§5.3.1).`,
            related: threatModels.map((document) => ({ uri: document.uri, range: document.kindRange, message: `Threat model in ${fileName(document.uri)}` })),
            fixes,
          },
        ];
      }
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
      return [{ uri: architecture.uri, range, message, related, fixes }];
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
