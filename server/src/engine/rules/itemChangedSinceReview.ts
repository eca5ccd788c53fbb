import { itemsWhere } from '../cache';
import { ITEM_FIELDS, type CollectionName } from '../schema';
import type { ModelItem } from '../model';
import { itemContentFingerprint, markReviewedEdits, reviewFingerprint, reviewStampOf, reviewState, REVIEW_FINGERPRINT_FIELD } from '../reviewStamp';
import { itemName } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

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
      const linked: (ModelItem | undefined)[] = [];
      for (const key of refFields(item)) for (const value of item.fields[key]?.list ?? []) linked.push(workspace.definitions(value.text).find((definition) => definition.item)?.item);
      // The same linked items (an edited item is a new object): the same fingerprint.
      const known = fingerprints.get(item);
      if (known && known.linked.length === linked.length && known.linked.every((other, i) => other === linked[i])) return known.fingerprint;
      const links: [string, string | undefined][] = [];
      let at = 0;
      for (const key of refFields(item)) {
        for (const value of item.fields[key]?.list ?? []) {
          const other = linked[at++];
          links.push([`${key}:${value.text}`, other ? itemContentFingerprint(other, textOf(other.uri)) : undefined]);
        }
      }
      const fingerprint = reviewFingerprint(itemContentFingerprint(item, textOf(item.uri)), links);
      fingerprints.set(item, { linked, fingerprint });
      return fingerprint;
    };
    const findings: RuleFinding[] = [];
    for (const collection of COLLECTIONS) {
      const { noun, clause } = REVIEWED[collection]!;
      // Only the items that record a review (few, of 33,000 at 1,500 generated documents), kept from
      // the last look: a keystroke tests the edited file's items for a stamp, not every item.
      for (const item of itemsWhere(workspace, workspace.items(collection), recordsReview, collection)) {
        const stamp = reviewStampOf(item.fields)!;
        const current = fingerprintNow(item);
        const verdict = reviewState(stamp, current);
        if (verdict.state === 'current' || verdict.state === 'unstamped') continue;
        const when = verdict.date ? ` on ${verdict.date}` : '';
        const message =
          verdict.state === 'dated'
            ? `${itemName(item, noun)} records a review${when} but no \`${REVIEW_FINGERPRINT_FIELD}\`, so a change since then cannot be told. Run "Mark as reviewed" after reviewing it: it records the date and a fingerprint of what was reviewed (§${clause}).`
            : `${itemName(item, noun)} changed since it was reviewed${when}: its content, or an item it links to, is not what the review recorded. Review it again, then run "Mark as reviewed" (§${clause}).`;
        // The same finding for the same item saying the same on the same day (its fix stamps today):
        // the analyzer then keeps what it completed from it, and the file compares unchanged.
        const last = lastFinding.get(item);
        if (last && last.message === message && last.today === evidence.today) {
          findings.push(last.finding);
          continue;
        }
        const field = item.fields[verdict.state === 'dated' ? 'reviewed' : REVIEW_FINGERPRINT_FIELD] ?? item.fields.reviewed;
        const document = workspace.model(item.uri)!;
        const finding: RuleFinding = {
          uri: item.uri,
          range: field?.scalar ?? field?.range ?? item.anchor,
          message,
          related: [{ uri: item.uri, range: item.anchor, message: `${itemName(item, noun)}` }],
          fixes: () => {
            const today = evidence.today;
            const edits = today && markReviewedEdits(document, item, today, fingerprintNow(item));
            return edits ? [{ title: `Mark ${item.id?.text ?? 'this item'} as reviewed (today, ${today})`, edits: { [item.uri]: edits }, isPreferred: true }] : [];
          },
        };
        lastFinding.set(item, { message, today: evidence.today, finding });
        findings.push(finding);
      }
    }
    return findings;
  },
});

/** Whether an item records a review (a Threat Dragon threat or other evidence item never does). Depends on the item alone (see itemsWhere). */
const recordsReview = (item: ModelItem): boolean => item.form !== 'evidence' && reviewStampOf(item.fields) !== undefined;

/** The fields of an item's collection that link to other items, in the schema's order. */
const refFields = (item: ModelItem): string[] => REF_FIELDS[item.collection] ?? [];
const REF_FIELDS: Partial<Record<CollectionName, string[]>> = Object.fromEntries(
  Object.entries(ITEM_FIELDS).map(([collection, fields]) => [collection, Object.entries(fields).flatMap(([key, spec]) => (spec.type === 'refs' ? [key] : []))]),
);

/** Per reviewed item (a model's items are made anew with it): its fingerprint now, with the linked items it was made from. */
const fingerprints = new WeakMap<ModelItem, { linked: (ModelItem | undefined)[]; fingerprint: string }>();

/** Per reviewed item: its last finding, what it said and the day its fix stamps. */
const lastFinding = new WeakMap<ModelItem, { message: string; today: string | undefined; finding: RuleFinding }>();
