import { ITEM_FIELDS, type CollectionName } from '../schema';
import type { ModelItem } from '../model';
import { itemContentFingerprint, markReviewedEdits, reviewFingerprint, reviewStampOf, reviewState, REVIEW_FINGERPRINT_FIELD } from '../reviewStamp';
import { itemName } from './helpers';
import { workspaceRule } from './rule';

/** The items a person reviews, and the clause whose review each belongs to. */
const REVIEWED: Partial<Record<CollectionName, { noun: string; clause: string }>> = {
  requirements: { noun: 'Requirement', clause: '5.2.2' },
  threats: { noun: 'Threat', clause: '7.2' },
  zones: { noun: 'Zone', clause: '5.3.3' },
  boundaries: { noun: 'Boundary', clause: '5.3.3' },
  controls: { noun: 'Control', clause: '5.3.3' },
  entries: { noun: 'Tailoring entry', clause: '4.1.1' },
  findings: { noun: 'Finding', clause: '5.8.5' },
  activities: { noun: 'Activity', clause: '5.8.6' },
  'plan-activities': { noun: 'Activity', clause: '4.1.1' },
};
const COLLECTIONS = ['requirements', 'threats', 'zones', 'boundaries', 'controls', 'entries', 'findings', 'activities', 'plan-activities'] as const;

// A workspace rule: an item's review covers the items it links to (a control's `mitigates`
// threats, a requirement's `threats`, a boundary's zones and controls), which live in other files.
export const itemChangedSinceReview = workspaceRule({
  name: 'item-changed-since-review',
  clause: '5.2.2',
  defaultSeverity: 'warning',
  scope: 'workspace',
  // today: the Mark as reviewed fix stamps today's date.
  reads: { collections: COLLECTIONS, definitions: true, today: true },
  description:
    'An item records a review (`reviewed` and `review_fingerprint`), but its content or an item it links to changed afterwards, so the review no longer covers it (or the review records no fingerprint to tell).',
  check({ workspace, evidence }) {
    const textOf = (uri: string) => () => workspace.model(uri)?.parsed.source.text ?? '';
    /** The fingerprint of an item with the items it links to, as a review of it today would record. */
    const fingerprintNow = (item: ModelItem): string => {
      const links: [string, string | undefined][] = [];
      for (const [key, spec] of Object.entries(ITEM_FIELDS[item.collection])) {
        if (spec.type !== 'refs') continue;
        for (const value of item.fields[key]?.list ?? []) {
          const linked = workspace.definitions(value.text).find((definition) => definition.item)?.item;
          links.push([`${key}:${value.text}`, linked ? itemContentFingerprint(linked, textOf(linked.uri)) : undefined]);
        }
      }
      return reviewFingerprint(itemContentFingerprint(item, textOf(item.uri)), links);
    };
    const findings = [];
    for (const collection of COLLECTIONS) {
      const { noun, clause } = REVIEWED[collection]!;
      for (const item of workspace.items(collection)) {
        if (item.form === 'evidence') continue;
        const stamp = reviewStampOf(item.fields);
        if (!stamp) continue;
        const current = fingerprintNow(item);
        const verdict = reviewState(stamp, current);
        if (verdict.state === 'current' || verdict.state === 'unstamped') continue;
        const when = verdict.date ? ` on ${verdict.date}` : '';
        const message =
          verdict.state === 'dated'
            ? `${itemName(item, noun)} records a review${when} but no \`${REVIEW_FINGERPRINT_FIELD}\`, so a change since then cannot be told. Run "Mark as reviewed" after reviewing it: it records the date and a fingerprint of what was reviewed (§${clause}).`
            : `${itemName(item, noun)} changed since it was reviewed${when}: its content, or an item it links to, is not what the review recorded. Review it again, then run "Mark as reviewed" (§${clause}).`;
        const field = item.fields[verdict.state === 'dated' ? 'reviewed' : REVIEW_FINGERPRINT_FIELD] ?? item.fields.reviewed;
        const document = workspace.model(item.uri)!;
        findings.push({
          uri: item.uri,
          range: field?.scalar ?? field?.range ?? item.anchor,
          message,
          related: [{ uri: item.uri, range: item.anchor, message: `${itemName(item, noun)}` }],
          fixes: () => {
            const today = evidence.today;
            const edits = today && markReviewedEdits(document, item, today, fingerprintNow(item));
            return edits ? [{ title: `Mark ${item.id?.text ?? 'this item'} as reviewed (today, ${today})`, edits: { [item.uri]: edits }, isPreferred: true }] : [];
          },
        });
      }
    }
    return findings;
  },
});
