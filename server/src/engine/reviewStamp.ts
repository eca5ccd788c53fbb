// Review stamps, in the style of Doorstop's: an item or a document that records a review writes the
// date (`reviewed: YYYY-MM-DD`, the field every document already has) and a fingerprint of what was
// reviewed (`review_fingerprint: v1-<16 hex>`). What was reviewed is the subject's own content and
// the content of what it depends on (the items it links to; for an architecture, the threat
// model). When the fingerprint of that content today differs from the stamp, the subject is
// suspect: changed since its review. "Mark as reviewed" writes both fields (markReviewedEdits).
//
// The rules item-changed-since-review (items) and architecture-review-stale (the architecture
// against the threat model) both judge through reviewState(); a stamp without a fingerprint keeps
// the date comparison architecture-review-stale always made.
//
// Cost: a subject's own content fingerprint is kept per model object (a WeakMap), and the index
// keeps the objects of unchanged files, so a keystroke hashes only the items of the file it changed.
import { insertAt, setFieldEdit } from './edits';
import { isoDate } from './ids';
import type { FieldValue, ModelDocument, ModelItem } from './model';
import type { TextEdit } from './types';

export const REVIEW_DATE_FIELD = 'reviewed';
export const REVIEW_FINGERPRINT_FIELD = 'review_fingerprint';
const STAMP_FIELDS = new Set([REVIEW_DATE_FIELD, REVIEW_FINGERPRINT_FIELD]);
/** The scheme's version: a later change of what is hashed gets a new prefix, so old stamps are told apart. */
const SCHEME = 'v1-';

export interface ReviewStamp {
  /** The valid ISO date of `reviewed`, if any. */
  date?: string;
  /** `review_fingerprint` as written, if any. */
  fingerprint?: string;
}

export type ReviewState =
  | { state: 'unstamped' }
  /** A date without a fingerprint: what changed since cannot be told from content. */
  | { state: 'dated'; date: string }
  | { state: 'current'; date?: string }
  | { state: 'changed'; date?: string };

/** The stamp in these fields; undefined when neither stamp field holds a value. */
export function reviewStampOf(fields: Record<string, FieldValue>): ReviewStamp | undefined {
  const dateText = fields[REVIEW_DATE_FIELD]?.scalar?.text.trim() ?? '';
  const fingerprint = fields[REVIEW_FINGERPRINT_FIELD]?.scalar?.text.trim() ?? '';
  if (!dateText && !fingerprint) return undefined;
  const date = isoDate(dateText);
  return { ...(date ? { date } : {}), ...(fingerprint ? { fingerprint } : {}) };
}

/** How a stamp compares with the fingerprint of what it covers now. */
export function reviewState(stamp: ReviewStamp | undefined, current: string): ReviewState {
  if (!stamp) return { state: 'unstamped' };
  if (!stamp.fingerprint) return stamp.date ? { state: 'dated', date: stamp.date } : { state: 'unstamped' };
  return { state: stamp.fingerprint === current ? 'current' : 'changed', date: stamp.date };
}

/** The fingerprint of a subject's own content together with what it depends on (each given as its own fingerprint, or undefined when it does not exist). */
export function reviewFingerprint(own: string, dependencies: readonly (readonly [string, string | undefined])[] = []): string {
  return SCHEME + hash([own, ...dependencies.map(([name, fingerprint]) => `${name}=${fingerprint ?? '(none)'}`)].join('\u0000'));
}

const itemFingerprints = new WeakMap<ModelItem, string>();
const documentFingerprints = new WeakMap<ModelDocument, string>();

/**
 * Fingerprint of an item's content: its fields (in key order, without the stamp itself), as the
 * model reads them. `text` gives the file's text, asked for only for a field the model holds as
 * structure (a mapping): the server keeps closed files packed, and a rule must not unpack them.
 */
export function itemContentFingerprint(item: ModelItem, text: () => string): string {
  let fingerprint = itemFingerprints.get(item);
  if (fingerprint === undefined) {
    fingerprint = hash(`${item.collection}\u0000${fieldsContent(item.fields, text)}`);
    itemFingerprints.set(item, fingerprint);
  }
  return fingerprint;
}

/** Fingerprint of a document's content: its top-level fields (without the stamp) and every item's content. */
export function documentContentFingerprint(document: ModelDocument): string {
  let fingerprint = documentFingerprints.get(document);
  if (fingerprint === undefined) {
    const text = () => document.parsed.source.text;
    const items = document.items.map((item) => itemContentFingerprint(item, text)).join(',');
    fingerprint = hash(`${document.kind}\u0000${fieldsContent(document.fields, text)}\u0000${items}`);
    documentFingerprints.set(document, fingerprint);
  }
  return fingerprint;
}

/** Field values with blanks collapsed, so re-indenting or re-wrapping text is no change of content. */
function fieldsContent(fields: Record<string, FieldValue>, text: () => string): string {
  const parts: string[] = [];
  for (const key of Object.keys(fields).sort()) {
    if (STAMP_FIELDS.has(key)) continue;
    const field = fields[key];
    const value = field.list
      ? field.list.map((entry) => entry.text.trim()).join('\u0001')
      : field.scalar
        ? field.scalar.text
        : field.structured
          ? text().slice(field.range.startOffset, field.range.endOffset)
          : '';
    parts.push(`${key}\u0002${value.replace(/\s+/g, ' ').trim()}`);
  }
  return parts.join('\u0003');
}

/**
 * The edits that record a review today: `reviewed` and `review_fingerprint` set on the item (or,
 * without one, at the document's top level), replacing what is there and adding what is not.
 * Undefined where there is no safe place to write (a Markdown row without the columns, a flow mapping).
 */
export function markReviewedEdits(document: ModelDocument, item: ModelItem | undefined, today: string, fingerprint: string): TextEdit[] | undefined {
  const values: [string, string][] = [
    [REVIEW_DATE_FIELD, today],
    [REVIEW_FINGERPRINT_FIELD, fingerprint],
  ];
  const fields = item ? item.fields : document.fields;
  const edits: TextEdit[] = [];
  const missing: [string, string][] = [];
  for (const [key, value] of values) {
    if (!fields[key]) {
      missing.push([key, value]);
      continue;
    }
    const edit = item ? setFieldEdit(document, item, key, value) : { range: fields[key].range, newText: value };
    if (!edit) return undefined;
    edits.push(edit);
  }
  if (missing.length) {
    // One insertion for both lines: two inserts at one offset would depend on the order a client applies them.
    const at = item ? (item.form === 'yaml' ? item.fieldInsert : undefined) : document.topLevelInsert;
    if (!at) return undefined;
    edits.push(insertAt(document, at.offset, missing.map(([key, value]) => `\n${at.indent}${key}: ${value}`).join('')));
  }
  return edits;
}

/** 64 bits of a fast non-cryptographic hash (two 32-bit lanes, cyrb53's mixing), as 16 hex digits: enough to tell content apart, not to resist forgery. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
