// Evidence criteria: what content shows that a clause is met. Each leaf clause of the catalog lists
// its criteria as data (`criteria:` in catalog/clauses.yaml); this module evaluates them against
// the documents of a project and says, per criterion, whether it is met and by which statements.
// A document that does not parse, or is marked draft, is no evidence; a placeholder value ("TODO",
// "TBD", "n/a") is no value; a record is a path that exists in the repository or a document id
// with a version and an approval date, never just a word.
import type { DocumentKind } from './catalog';
import type { FieldValue, ModelDocument, ModelItem } from './model';
import { isPlaceholderText } from './placeholder';
import type { CollectionName } from './schema';
import type { Range } from './types';

/** The checks a criterion can ask for (see CRITERION_CHECKS below for what each means). */
export const CRITERION_CHECKS = ['items', 'every', 'field', 'record', 'phases'] as const;
export type CriterionCheck = (typeof CRITERION_CHECKS)[number];

/** One criterion of a clause, as the catalog states it. */
export interface Criterion {
  /** What must be shown, in our own words. */
  text: string;
  check: CriterionCheck;
  /** items/every: the collection whose items show it. */
  collection?: CollectionName;
  /** items/every: fields each counted item must fill (not empty, not a placeholder). */
  fields?: string[];
  /** items: only items whose field has this value (compared case-insensitively). */
  where?: Record<string, string>;
  /** items: how many such items (default 1). */
  min?: number;
  /** field: the document kind and its top-level field. */
  kind?: DocumentKind;
  field?: string;
  /** record: the clause whose records count (default: the clause the criterion belongs to). */
  clause?: string;
}

/** Where evidence sits, and what it is. */
export interface EvidenceLocation {
  uri: string;
  range: Range;
  /** What is there, for the report: "requirement SR-001", "record reports/pentest.pdf". */
  what: string;
}

export interface CriterionResult {
  criterion: Criterion;
  met: boolean;
  /** The statements that meet it (or, when unmet, those that go part of the way). */
  where: EvidenceLocation[];
  /** When unmet: what is missing, in one sentence. */
  missing?: string;
}

export interface EvidenceOptions {
  /**
   * Whether a record path, relative to the folder of the document that names it (or to the
   * project root when it starts with '/'), is a file in the repository. Given by the host, which
   * reads the disk; without it no path counts as a record.
   */
  recordExists?: (fromUri: string, path: string) => boolean;
}

/** How many locations a result keeps: enough to show where, not a copy of the project. */
const MAX_LOCATIONS = 5;

/** The requirement phases of 5.2.1. */
const PHASES = ['installation', 'operation', 'maintenance', 'decommissioning'];

/**
 * Whether a document can be evidence: it parses, and it is not marked as a draft (`status: draft`
 * or `draft: true`). Excluded files never reach the index.
 */
export function isEvidenceDocument(document: ModelDocument): boolean {
  if (document.parsed.syntaxProblems.length > 0) return false;
  const status = document.fields.status?.scalar?.text.trim().toLowerCase();
  const draft = document.fields.draft?.scalar?.text.trim().toLowerCase();
  return status !== 'draft' && draft !== 'true' && draft !== 'yes';
}

/** Whether a field holds something: not absent, not empty, not only a placeholder. */
export function isFilled(holder: { fields: Record<string, FieldValue> }, key: string): boolean {
  const field = holder.fields[key];
  if (!field) return false;
  if (field.structured) return true;
  if (field.list) return field.list.some((value) => value.text.trim() && !isPlaceholderText(value.text));
  const text = field.scalar?.text ?? '';
  return !!text.trim() && !isPlaceholderText(text);
}

/** "QMS-SOP-014 v3, approved 2026-02-01": a controlled document named by id, version and approval date. */
const DOCUMENT_RECORD = /^[A-Za-z][\w.]*-[\w.-]*\d[\w.-]*,?\s+(?:v|ver\.?\s*|version\s+)\d[\w.-]*\b.*\b(\d{4}-\d{2}-\d{2})\b/i;

/**
 * Whether a record value is a real record: a path of a file that exists in the repository, or a
 * document id with version and approval date. "x", "TODO", a bare name or a URL are not.
 */
export function isRealRecord(text: string, fromUri: string, options: EvidenceOptions): boolean {
  const value = text.trim();
  if (!value || isPlaceholderText(value)) return false;
  if (DOCUMENT_RECORD.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return false; // a URL or another scheme: not in the repository
  return !!options.recordExists?.(fromUri, value);
}

/** The documents and items of a project that count as evidence. */
export class EvidenceSet {
  private readonly byKind = new Map<DocumentKind, ModelDocument[]>();
  private readonly byCollection = new Map<CollectionName, ModelItem[]>();

  constructor(documents: readonly ModelDocument[]) {
    for (const document of documents) {
      if (!isEvidenceDocument(document)) continue;
      push(this.byKind, document.kind, document);
      for (const item of document.items) push(this.byCollection, item.collection, item);
    }
  }

  documentsOfKind(kind: DocumentKind): readonly ModelDocument[] {
    return this.byKind.get(kind) ?? [];
  }

  items(collection: CollectionName): readonly ModelItem[] {
    return this.byCollection.get(collection) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Evaluates the criteria of one clause. */
export function evaluateCriteria(clauseId: string, criteria: readonly Criterion[], evidence: EvidenceSet, options: EvidenceOptions = {}): CriterionResult[] {
  return criteria.map((criterion) => evaluate(clauseId, criterion, evidence, options));
}

function evaluate(clauseId: string, criterion: Criterion, evidence: EvidenceSet, options: EvidenceOptions): CriterionResult {
  switch (criterion.check) {
    case 'items':
      return itemsCheck(criterion, evidence);
    case 'every':
      return everyCheck(criterion, evidence);
    case 'field':
      return fieldCheck(criterion, evidence);
    case 'record':
      return recordCheck(criterion.clause ?? clauseId, criterion, evidence, options);
    case 'phases':
      return phasesCheck(criterion, evidence);
  }
}

function describeItem(item: ModelItem): string {
  const noun = item.collection === 'plan-activities' ? 'activity' : item.collection.replace(/ies$/, 'y').replace(/s$/, '');
  return item.id?.text ? `${noun} ${item.id.text}` : `${noun} on line ${item.range.start.line + 1}`;
}

function at(item: ModelItem): EvidenceLocation {
  return { uri: item.uri, range: item.anchor, what: describeItem(item) };
}

function matches(item: ModelItem, where: Record<string, string> | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([key, value]) => (item.fields[key]?.scalar?.text ?? '').trim().toLowerCase() === value.toLowerCase());
}

function itemsCheck(criterion: Criterion, evidence: EvidenceSet): CriterionResult {
  const fields = criterion.fields ?? [];
  const min = criterion.min ?? 1;
  const counted = evidence.items(criterion.collection!).filter((item) => matches(item, criterion.where) && fields.every((key) => isFilled(item, key)));
  const met = counted.length >= min;
  const what = `${criterion.collection}${criterion.where ? ` with ${Object.entries(criterion.where).map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}`;
  return {
    criterion,
    met,
    where: counted.slice(0, MAX_LOCATIONS).map(at),
    missing: met ? undefined : `${counted.length ? `only ${counted.length} of ${min}` : 'no'} ${what}${fields.length ? ` that fill ${fields.join(', ')}` : ''}`,
  };
}

function everyCheck(criterion: Criterion, evidence: EvidenceSet): CriterionResult {
  const fields = criterion.fields ?? [];
  const items = evidence.items(criterion.collection!);
  if (!items.length) return { criterion, met: false, where: [], missing: `no ${criterion.collection}` };
  const lacking = items.filter((item) => !fields.every((key) => isFilled(item, key)));
  if (!lacking.length) return { criterion, met: true, where: items.slice(0, MAX_LOCATIONS).map(at) };
  const names = lacking.slice(0, 3).map(describeItem).join(', ');
  return {
    criterion,
    met: false,
    where: lacking.slice(0, MAX_LOCATIONS).map(at),
    missing: `${lacking.length} of ${items.length} ${criterion.collection} lack ${fields.join(' or ')} (${names}${lacking.length > 3 ? ', …' : ''})`,
  };
}

function fieldCheck(criterion: Criterion, evidence: EvidenceSet): CriterionResult {
  const key = criterion.field!;
  for (const document of evidence.documentsOfKind(criterion.kind!)) {
    if (!isFilled(document, key)) continue;
    const field = document.fields[key];
    return { criterion, met: true, where: [{ uri: document.uri, range: field.range, what: `${key} of ${document.kind}` }] };
  }
  return { criterion, met: false, where: [], missing: `no ${criterion.kind} that states ${key}` };
}

function recordCheck(clauseId: string, criterion: Criterion, evidence: EvidenceSet, options: EvidenceOptions): CriterionResult {
  const found: EvidenceLocation[] = [];
  const named: string[] = [];
  const consider = (item: ModelItem) => {
    const record = item.fields.record?.scalar;
    if (!record?.text.trim()) return;
    if (isRealRecord(record.text, item.uri, options)) found.push({ uri: item.uri, range: record.range, what: `record ${record.text.trim()}` });
    else named.push(record.text.trim());
  };
  for (const activity of evidence.items('activities')) {
    const clause = activity.fields.clause?.scalar?.text.trim().replace(/^§\s*/, '');
    const done = (activity.fields.status?.scalar?.text ?? '').trim().toLowerCase() === 'done';
    if (done && clause && within(clause, clauseId)) consider(activity);
  }
  for (const activity of evidence.items('plan-activities')) {
    if ((activity.fields.clauses?.list ?? []).some((value) => within(value.text.trim().replace(/^§\s*/, ''), clauseId))) consider(activity);
  }
  if (found.length) return { criterion, met: true, where: found.slice(0, MAX_LOCATIONS) };
  return {
    criterion,
    met: false,
    where: [],
    missing: named.length
      ? `no real record for ${clauseId}: ${named.slice(0, 3).map((name) => `"${name}"`).join(', ')} is neither a file in the repository nor a document id with version and approval date`
      : `no completed activity for ${clauseId} names its record (a file in the repository, or a document id with version and approval date)`,
  };
}

/** A record for a clause counts for the clause itself and, recorded against a parent, for its subclauses. */
function within(recorded: string, clauseId: string): boolean {
  return clauseId === recorded || clauseId.startsWith(`${recorded}.`);
}

function phasesCheck(criterion: Criterion, evidence: EvidenceSet): CriterionResult {
  const byPhase = new Map<string, ModelItem>();
  for (const requirement of evidence.items('requirements')) {
    const phase = (requirement.fields.phase?.scalar?.text ?? '').trim().toLowerCase();
    if (PHASES.includes(phase) && !byPhase.has(phase) && isFilled(requirement, 'text')) byPhase.set(phase, requirement);
  }
  const missing = PHASES.filter((phase) => !byPhase.has(phase));
  return {
    criterion,
    met: missing.length === 0,
    where: [...byPhase.values()].map(at),
    missing: missing.length ? `no requirement for ${missing.join(', ')}` : undefined,
  };
}
