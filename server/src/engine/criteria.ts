// Evidence criteria: what content shows that a clause is met. Each leaf clause of the catalog lists
// its criteria as data (`criteria:` in catalog/clauses.yaml); this module evaluates them against
// the documents of a project and says, per criterion, whether it is met and by which statements.
// A document that does not parse, or is marked draft, is no evidence; a placeholder value ("TODO",
// "TBD", "n/a") is no value; a record is a path that exists in the repository or a document id
// with a version and an approval date, never just a word.
// (Over 400 lines on purpose: the judgement of each check and its incremental re-judgement on a
// keystroke share one data layout, which is clearer read together than split.)
import type { DocumentKind } from './catalog';
import { requirementVerification, testResultsOf } from './evidence/verification';
import type { TestResultIndex } from './evidence/testResults';
import type { EvidenceKind } from './evidence/types';
import { fieldList, fieldText, type FieldValue, type ModelDocument, type ModelItem } from './model';
import { isPlaceholderText } from './placeholder';
import type { CollectionName } from './schema';
import type { Range } from './types';

/** The checks a criterion can ask for (see CRITERION_CHECKS below for what each means). */
export const CRITERION_CHECKS = ['items', 'every', 'field', 'record', 'phases', 'record-field', 'verified', 'documents', 'any'] as const;
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
  /**
   * field / record-field: the document kind and its top-level field (record-field: whose value is a real record).
   * documents: the kind of file (a scanner report, a VEX document…) of which at least one valid file must be read.
   */
  kind?: DocumentKind | EvidenceKind;
  field?: string;
  /** record: the clause whose records count (default: the clause the criterion belongs to). */
  clause?: string;
  // record with `collection`: the records are those of that collection's items (a security test, a
  // periodic review, a development control…) that match `where` and fill `fields`, and, when the
  // items carry a `clause` or `clauses` field, that name the clause; not the release activities.
  // verified: every item of `collection` (requirements) that fills `fields` has test results (JUnit)
  // linked as the verification rules link them, and they pass: one passed, none failed or errored.
  /** any: the alternatives, each a criterion; met when one of them is (a test record, or passing CI results). */
  of?: Criterion[];
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
  /** Today's date (YYYY-MM-DD), given by the host: what an end-of-support date is compared with. Without it, none is judged passed. */
  today?: string;
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
  if (document.parsed.syntaxProblems.length > 0 || document.parsed.evidenceProblems?.length) return false;
  const status = document.fields.status?.scalar?.text.trim().toLowerCase();
  const draft = document.fields.draft?.scalar?.text.trim().toLowerCase();
  return status !== 'draft' && draft !== 'true' && draft !== 'yes';
}

/** Whether a field holds something: not absent, not empty, not only a placeholder. */
export function isFilled(holder: { fields: Record<string, FieldValue> }, key: string): boolean {
  const field = holder.fields[key];
  if (!field) return false;
  if (field.structured) return true;
  // A placeholder is empty or blank too (isPlaceholderText); the value answers without reading a text it does not keep.
  if (field.list) return field.list.some((value) => !value.isPlaceholder);
  return !!field.scalar && !field.scalar.isPlaceholder;
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

/** What criteria read of a project: its documents (the index's, or any list of models). */
export interface EvidenceSource {
  documents(): readonly ModelDocument[];
}

/**
 * What one document contributes to one criterion. Worked out once per version of the document
 * (its model) and criterion: coverage is judged on every keystroke (clause-uncovered), and only
 * the edited file's contributions are new.
 */
interface Tally {
  /** items: items that qualify; every: items that fill the fields; field: 1 when the document states it. */
  count: number;
  /** every: all items of the collection. */
  total: number;
  found: ModelItem[];
  lacking: ModelItem[];
  /** field, record-field: where the field is. */
  field?: EvidenceLocation;
  /** record-field: the value named (whether it is a real record is asked at evaluation: files come and go). */
  named?: { uri: string; text: string };
  /** record: the record values named for the clause (whether each is real is asked at evaluation: files come and go). */
  records: { item: ModelItem; text: string; range: Range }[];
  /** phases: the first requirement of each phase. */
  phases: Map<string, ModelItem>;
  /** verified: the document's test results (items of test-cases); `found` holds the items to verify. */
  cases?: ModelItem[];
  /** any: one tally per alternative. */
  parts?: Tally[];
  /** every: the document's items that complete items of the collection kept in a tool's file (see COMPLEMENTS). */
  complements?: ModelItem[];
  /** every: all lacking evidence items of the collection, which such entries may complete. */
  completable?: ModelItem[];
}

/**
 * Items an evidence file holds that the tool which writes it has no field for: a Threat Dragon
 * threat (TD-<n>) has a title, a STRIDE type and a severity, but no safety impact, ISO 14971 hazard
 * or residual risk. The threat model states those in a `threat_assessments` entry naming the
 * threat under `threats`, so the threat's data stays in the tool and the regulatory assessment in our file. Such an
 * entry completes only an evidence item (a threat of our own states its fields itself), and only
 * the fields listed here; an evidence threat that no entry completes stays lacking.
 */
const COMPLEMENTS: Partial<Record<CollectionName, { collection: CollectionName; key: string; fields: readonly string[] }>> = {
  threats: { collection: 'threat_assessments', key: 'threats', fields: ['safety_impact', 'hazard', 'residual_risk'] },
};

/**
 * Every tally is made from this one ({ ...NO_TALLY, count, found }), so all have its fields in its
 * order: one shape, which keeps the loops over a criterion's 600 contributors on every keystroke
 * fast (tallies of five shapes made every property read there a slow lookup).
 */
const NO_TALLY: Tally = { count: 0, total: 0, found: [], lacking: [], field: undefined, named: undefined, records: [], phases: new Map(), cases: undefined, parts: undefined, complements: undefined, completable: undefined };

/** A criterion with the clause it belongs to (a record criterion looks for that clause's records). */
export interface ClauseCriterion {
  clauseId: string;
  criterion: Criterion;
}

/**
 * What one document contributes to a list of criteria, only where it contributes anything (most
 * documents hold one kind of item): the criteria by their place in the list, and the tally for each.
 * Two lists of the same length rather than a pair per criterion: the server keeps this for every
 * document, about 28,000 pairs at 5,000 generated documents (2 MB).
 */
interface Contributions {
  list: readonly ClauseCriterion[];
  criteria: number[];
  tallies: Tally[];
}

/** Per document (per version: its model), its contributions to the last list it was asked about. */
const contributions = new WeakMap<ModelDocument, Contributions>();

function contributionsOf(document: ModelDocument, list: readonly ClauseCriterion[]): Contributions {
  const known = contributions.get(document);
  if (known && known.list === list) return known;
  const criteria: number[] = [];
  const tallies: Tally[] = [];
  if (isEvidenceDocument(document)) {
    for (let i = 0; i < list.length; i++) {
      const tally = computeTally(document, list[i].clauseId, list[i].criterion);
      if (tally === NO_TALLY) continue;
      criteria.push(i);
      tallies.push(tally);
    }
  }
  const made = { list, criteria: exactly(criteria), tallies: exactly(tallies) };
  contributions.set(document, made);
  return made;
}

/** The tally of one criterion (by its place in the list) among a document's contributions, if any. */
function contributionTo(made: Contributions, criterion: number): Tally | undefined {
  const k = made.criteria.indexOf(criterion);
  return k >= 0 ? made.tallies[k] : undefined;
}

/**
 * A list kept as long as its document: copied to its length when it was grown by pushing (an array
 * grown from empty reserves room for 17 entries: a tally's five found items took 190 bytes, not 90).
 */
function exactly<T>(list: T[]): T[] {
  return list.length === 0 ? NO_ITEMS : list.slice();
}

/** The one empty list tallies share (never pushed to: lists are built before they are kept). */
const NO_ITEMS: never[] = [];

/**
 * Evaluates a list of criteria over the documents of a project, in one pass over the documents:
 * results in the order of `list`.
 *
 * Coverage is judged on every keystroke (clause-uncovered), and a keystroke changes one document.
 * So the last evaluation of each list is kept: when the documents are the same but for a few
 * replaced ones (an edit), only the criteria those documents contributed to before or contribute
 * to now are worked out again, from their contributors kept in document order; the others keep
 * their result. The results are those of an evaluation from scratch (tests compare the two).
 */
export function evaluateCriteriaList(list: readonly ClauseCriterion[], documents: readonly ModelDocument[], options: EvidenceOptions = {}): CriterionResult[] {
  let ofDocuments = evaluations.get(documents);
  if (!ofDocuments) evaluations.set(documents, (ofDocuments = new WeakMap()));
  const previous = ofDocuments.get(list);
  const evaluation = (previous && afterEdits(previous, list, documents, options)) ?? fromScratch(previous ?? lastEvaluation.get(list), list, documents, options);
  ofDocuments.set(list, evaluation);
  lastEvaluation.set(list, evaluation);
  return evaluation.results;
}

/** An evaluation of a list: what it was made from, and its results. */
interface Evaluation {
  /** The documents, as they were (the index's own list changes in place). */
  documents: readonly ModelDocument[];
  /** Per criterion: the positions of the documents that contribute to it, and their tallies, in document order. */
  contributors: { at: number[]; tallies: Tally[] }[];
  results: CriterionResult[];
  recordExists: EvidenceOptions['recordExists'];
}

/**
 * The last evaluation of a list per list of documents (an index keeps one list object while its
 * set of documents is the same, and each project has its own), and the last of a list over any
 * documents (whose unchanged results a new set of documents can still reuse).
 */
const evaluations = new WeakMap<readonly ModelDocument[], WeakMap<readonly ClauseCriterion[], Evaluation>>();
const lastEvaluation = new WeakMap<readonly ClauseCriterion[], Evaluation>();

/** Past this many replaced documents an evaluation starts from scratch (a bulk change, not an edit). */
const MAX_REPLACED = 16;

function fromScratch(previous: Evaluation | undefined, list: readonly ClauseCriterion[], documents: readonly ModelDocument[], options: EvidenceOptions): Evaluation {
  const contributors = list.map(() => ({ at: [] as number[], tallies: [] as Tally[] }));
  documents.forEach((document, at) => {
    const { criteria, tallies } = contributionsOf(document, list);
    for (let k = 0; k < criteria.length; k++) {
      contributors[criteria[k]].at.push(at);
      contributors[criteria[k]].tallies.push(tallies[k]);
    }
  });
  // A criterion whose contributions are the same tallies keeps its result (a record's too, while the host's answer is the same function).
  const results = list.map(({ clauseId, criterion }, i) =>
    previous && (!readsRecords(criterion) || previous.recordExists === options.recordExists) && sameTallies(previous.contributors[i].tallies, contributors[i].tallies)
      ? previous.results[i]
      : aggregate(clauseId, criterion, contributors[i].tallies, options),
  );
  return { documents: [...documents], contributors, results, recordExists: options.recordExists };
}

/**
 * The evaluation after a few documents were replaced (same number, each at its place), worked out
 * from the previous one; undefined when the documents changed otherwise.
 */
function afterEdits(previous: Evaluation, list: readonly ClauseCriterion[], documents: readonly ModelDocument[], options: EvidenceOptions): Evaluation | undefined {
  if (previous.documents.length !== documents.length) return undefined;
  const replaced: number[] = [];
  for (let at = 0; at < documents.length; at++) {
    if (previous.documents[at] === documents[at]) continue;
    if (replaced.length === MAX_REPLACED) return undefined;
    replaced.push(at);
  }
  if (!replaced.length && previous.recordExists === options.recordExists) return previous;
  // The criteria the replaced documents contributed to, or contribute to now.
  const touched = new Set<number>();
  for (const at of replaced) {
    for (const i of contributionsOf(previous.documents[at], list).criteria) touched.add(i);
    for (const i of contributionsOf(documents[at], list).criteria) touched.add(i);
  }
  // Records are looked up afresh when the host's answer is another function (files come and go).
  if (previous.recordExists !== options.recordExists) list.forEach(({ criterion }, i) => readsRecords(criterion) && touched.add(i));
  const contributors = previous.contributors.slice();
  const results = previous.results.slice();
  const gone = new Set(replaced);
  for (const i of touched) {
    const before = previous.contributors[i];
    const tallyNow = (position: number) => contributionTo(contributionsOf(documents[position], list), i);
    // The usual edit: each replaced document contributed before and still does (or neither), so
    // the positions stay and only its tallies are put in place (no lists rebuilt element by
    // element, which made a few hundred kilobytes of garbage per keystroke).
    if (replaced.every((position) => (positionIn(before.at, position) >= 0) === (tallyNow(position) !== undefined))) {
      const tallies = before.tallies.slice();
      for (const position of replaced) {
        const k = positionIn(before.at, position);
        if (k >= 0) tallies[k] = tallyNow(position)!;
      }
      contributors[i] = { at: before.at, tallies };
      results[i] = aggregate(list[i].clauseId, list[i].criterion, tallies, options);
      continue;
    }
    const at: number[] = [];
    const tallies: Tally[] = [];
    for (let k = 0; k < before.at.length; k++) {
      if (gone.has(before.at[k])) continue;
      at.push(before.at[k]);
      tallies.push(before.tallies[k]);
    }
    for (const position of replaced) {
      const tally = tallyNow(position);
      if (!tally) continue;
      let k = at.length;
      while (k > 0 && at[k - 1] > position) k--;
      at.splice(k, 0, position);
      tallies.splice(k, 0, tally);
    }
    contributors[i] = { at, tallies };
    results[i] = aggregate(list[i].clauseId, list[i].criterion, tallies, options);
  }
  return { documents: [...documents], contributors, results, recordExists: options.recordExists };
}

/** Where `position` is in the sorted positions `at` (-1: not there). */
function positionIn(at: readonly number[], position: number): number {
  let low = 0;
  let high = at.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (at[middle] === position) return middle;
    if (at[middle] < position) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Whether a criterion's result depends on which files exist (the host's record lookup). */
function readsRecords(criterion: Criterion): boolean {
  return criterion.check === 'record' || criterion.check === 'record-field' || (criterion.check === 'any' && (criterion.of ?? []).some(readsRecords));
}

function sameTallies(a: Tally[], b: Tally[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function computeTally(document: ModelDocument, clauseId: string, criterion: Criterion): Tally {
  const items = (collection: CollectionName): ModelItem[] => document.collections[collection]?.items ?? NO_ITEMS;
  const fields = criterion.fields ?? [];
  switch (criterion.check) {
    // items, every: the result names the first MAX_LOCATIONS items over all tallies (firstOf) and
    // counts the rest, so a tally keeps no more than that many; the server keeps a tally per
    // document and criterion, and lists of every item were 9 MB at 5,000 generated documents.
    case 'items': {
      const found = items(criterion.collection!).filter((item) => matches(item, criterion.where) && fields.every((key) => isFilled(item, key)));
      return found.length ? { ...NO_TALLY, count: found.length, found: firstFew(found) } : NO_TALLY;
    }
    case 'every': {
      const all = items(criterion.collection!);
      const complement = COMPLEMENTS[criterion.collection!];
      const complements = complement && fields.some((key) => complement.fields.includes(key)) ? items(complement.collection) : NO_ITEMS;
      if (!all.length && !complements.length) return NO_TALLY;
      const found: ModelItem[] = [];
      const lacking: ModelItem[] = [];
      let count = 0;
      // Every lacking evidence item a complementing entry may complete (lacking keeps only the first few, for display).
      const completable: ModelItem[] = [];
      for (const item of all) {
        if (fields.every((key) => isFilled(item, key))) {
          count++;
          if (found.length < MAX_LOCATIONS) found.push(item);
        } else {
          if (lacking.length < MAX_LOCATIONS) lacking.push(item);
          if (complement && item.form === 'evidence' && item.id) completable.push(item);
        }
      }
      return { ...NO_TALLY, count, total: all.length, found: exactly(found), lacking: exactly(lacking), complements: complements.length ? complements : undefined, completable: completable.length ? exactly(completable) : undefined };
    }
    case 'field': {
      if (document.kind !== criterion.kind || !isFilled(document, criterion.field!)) return NO_TALLY;
      const field = document.fields[criterion.field!];
      return { ...NO_TALLY, count: 1, field: { uri: document.uri, range: field.range, what: `${criterion.field} of ${document.kind}` } };
    }
    case 'record-field': {
      if (document.kind !== criterion.kind || !isFilled(document, criterion.field!)) return NO_TALLY;
      const field = document.fields[criterion.field!];
      const text = field.scalar?.text.trim() ?? '';
      if (!text) return NO_TALLY;
      return { ...NO_TALLY, count: 1, field: { uri: document.uri, range: field.range, what: `record ${text}` }, named: { uri: document.uri, text } };
    }
    case 'record': {
      const target = criterion.clause ?? clauseId;
      const records: Tally['records'] = [];
      const consider = (item: ModelItem) => {
        const record = item.fields.record?.scalar;
        if (record?.text.trim()) records.push({ item, text: record.text.trim(), range: record.range });
      };
      if (criterion.collection) {
        for (const item of items(criterion.collection)) if (namesClause(item, target) && matches(item, criterion.where) && fields.every((key) => isFilled(item, key))) consider(item);
        return records.length ? { ...NO_TALLY, records: exactly(records) } : NO_TALLY;
      }
      for (const activity of items('activities')) {
        const clause = (activity.fields.clause?.scalar?.text ?? '').trim().replace(/^§\s*/, '');
        const done = (activity.fields.status?.scalar?.text ?? '').trim().toLowerCase() === 'done';
        if (done && clause && within(clause, target)) consider(activity);
      }
      for (const activity of items('plan-activities')) {
        if ((activity.fields.clauses?.list ?? []).some((value) => within(value.text.trim().replace(/^§\s*/, ''), target))) consider(activity);
      }
      return records.length ? { ...NO_TALLY, records: exactly(records) } : NO_TALLY;
    }
    case 'verified': {
      // The document's own list when every item is to be verified (the usual case): each tally
      // holds all of them, and a copy per criterion was 3 MB at 5,000 generated documents.
      const all = items(criterion.collection!);
      const filled = all.filter((item) => fields.every((key) => isFilled(item, key)));
      const found = filled.length === all.length ? all : exactly(filled);
      const cases = items('test-cases');
      return found.length || cases.length ? { ...NO_TALLY, found, cases } : NO_TALLY;
    }
    case 'documents': {
      if (document.kind !== criterion.kind) return NO_TALLY;
      const { lines } = document.parsed;
      return { ...NO_TALLY, count: 1, field: { uri: document.uri, range: lines.range(0, lines.lineEnd(0)), what: document.parsed.evidence?.format ?? document.kind } };
    }
    case 'any': {
      const parts = (criterion.of ?? []).map((alternative) => computeTally(document, clauseId, alternative));
      return parts.every((part) => part === NO_TALLY) ? NO_TALLY : { ...NO_TALLY, parts };
    }
    case 'phases': {
      const phases = new Map<string, ModelItem>();
      for (const requirement of items('requirements')) {
        const phase = (requirement.fields.phase?.scalar?.text ?? '').trim().toLowerCase();
        if (PHASES.includes(phase) && !phases.has(phase) && isFilled(requirement, 'text')) phases.set(phase, requirement);
      }
      return phases.size ? { ...NO_TALLY, phases } : NO_TALLY;
    }
  }
}

/** Evaluates the criteria of one clause over the documents of a project. */
export function evaluateCriteria(clauseId: string, criteria: readonly Criterion[], source: EvidenceSource, options: EvidenceOptions = {}): CriterionResult[] {
  return evaluateCriteriaList(criteria.map((criterion) => ({ clauseId, criterion })), source.documents(), options);
}

/**
 * The lacking evidence items of an `every` criterion that entries of the complementing collection
 * complete (COMPLEMENTS), each with the entries that fill its missing fields.
 */
function completedItems(criterion: Criterion, tallies: Tally[]): Map<ModelItem, ModelItem[]> {
  const completed = new Map<ModelItem, ModelItem[]>();
  const complement = COMPLEMENTS[criterion.collection!];
  if (!complement || !tallies.some((tally) => tally.complements)) return completed;
  const byId = new Map<string, ModelItem[]>();
  for (const tally of tallies) {
    for (const entry of tally.complements ?? []) {
      for (const value of fieldList(entry, complement.key)) {
        const id = value.text.trim();
        if (id) byId.set(id, [...(byId.get(id) ?? []), entry]);
      }
    }
  }
  const fields = criterion.fields ?? [];
  for (const tally of tallies) {
    for (const item of tally.completable ?? []) {
      const entries = item.id ? byId.get(item.id.text) : undefined;
      if (!entries) continue;
      const by = new Set<ModelItem>();
      const filled = fields.every((key) => {
        if (isFilled(item, key)) return true;
        const entry = complement.fields.includes(key) ? entries.find((candidate) => isFilled(candidate, key)) : undefined;
        if (entry) by.add(entry);
        return !!entry;
      });
      if (filled) completed.set(item, [...by]);
    }
  }
  return completed;
}

function describeItem(item: ModelItem): string {
  if (item.collection === 'vex-statements') return `VEX statement on ${fieldText(item, 'vulnerability') || `line ${item.range.start.line + 1}`}`;
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

/** At most the first MAX_LOCATIONS of a list, in a list of its own length (see exactly). */
function firstFew<T>(list: T[]): T[] {
  return list.slice(0, MAX_LOCATIONS);
}

/** The first few items of the tallies, in document order. */
function firstOf(tallies: Tally[], pick: (tally: Tally) => ModelItem[]): ModelItem[] {
  const out: ModelItem[] = [];
  for (const tally of tallies) {
    for (const item of pick(tally)) {
      if (out.length >= MAX_LOCATIONS) return out;
      out.push(item);
    }
  }
  return out;
}

// The loops over every contributor's tally (hundreds per criterion, on every keystroke) count by
// index: this function runs unoptimised often enough that a for-of over an array made an iterator
// result per element, about 0.3 MB per keystroke at 1,500 documents.
function aggregate(clauseId: string, criterion: Criterion, tallies: Tally[], options: EvidenceOptions): CriterionResult {
  const fields = criterion.fields ?? [];
  let count = 0;
  for (let i = 0; i < tallies.length; i++) count += tallies[i].count;
  switch (criterion.check) {
    case 'items': {
      const min = criterion.min ?? 1;
      const met = count >= min;
      const what = `${criterion.collection}${criterion.where ? ` with ${Object.entries(criterion.where).map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}`;
      return {
        criterion,
        met,
        where: firstOf(tallies, (tally) => tally.found).map(at),
        missing: met ? undefined : `${count ? `only ${count} of ${min}` : 'no'} ${what}${fields.length ? ` that fill ${fields.join(', ')}` : ''}`,
      };
    }
    case 'every': {
      let total = 0;
      for (let i = 0; i < tallies.length; i++) total += tallies[i].total;
      if (!total) return { criterion, met: false, where: [], missing: `no ${criterion.collection}` };
      const completed = completedItems(criterion, tallies);
      const met = count + completed.size;
      if (met === total) {
        // A completed item is shown with the entry that completes it (both say part of what is met),
        // and some are shown even when the items that meet it alone fill the list.
        const pairs = [...completed].flatMap(([item, by]) => [at(item), ...by.map(at)]);
        const where = [...firstOf(tallies, (tally) => tally.found).map(at).slice(0, Math.max(1, MAX_LOCATIONS - pairs.length)), ...pairs];
        return { criterion, met: true, where: where.slice(0, MAX_LOCATIONS) };
      }
      // (lacking keeps the first few only: those an entry completed make room for the evidence items after them)
      const stillLacking = (tally: Tally) => [...new Set([...tally.lacking, ...(tally.completable ?? [])])].filter((item) => !completed.has(item));
      const lacking = firstOf(tallies, (tally) => (completed.size ? stillLacking(tally) : tally.lacking));
      const names = lacking.slice(0, 3).map(describeItem).join(', ');
      return {
        criterion,
        met: false,
        where: lacking.map(at),
        missing: `${total - met} of ${total} ${criterion.collection} lack ${fields.join(' or ')} (${names}${total - met > 3 ? ', …' : ''})`,
      };
    }
    case 'field': {
      const found = tallies.find((tally) => tally.field)?.field;
      return found ? { criterion, met: true, where: [found] } : { criterion, met: false, where: [], missing: `no ${criterion.kind} that states ${criterion.field}` };
    }
    case 'record-field': {
      const named: string[] = [];
      for (const tally of tallies) {
        if (!tally.named) continue;
        if (isRealRecord(tally.named.text, tally.named.uri, options)) return { criterion, met: true, where: [tally.field!] };
        named.push(tally.named.text);
      }
      return {
        criterion,
        met: false,
        where: [],
        missing: named.length
          ? `${criterion.field} of ${criterion.kind} names "${named[0]}", which is neither a file in the repository nor a document id with version and approval date`
          : `no ${criterion.kind} that names its ${criterion.field} as a record (a file in the repository, or a document id with version and approval date)`,
      };
    }
    case 'record': {
      const target = criterion.clause ?? clauseId;
      const found: EvidenceLocation[] = [];
      const named: string[] = [];
      for (const tally of tallies) {
        for (const record of tally.records) {
          if (isRealRecord(record.text, record.item.uri, options)) found.push({ uri: record.item.uri, range: record.range, what: `record ${record.text}` });
          else named.push(record.text);
        }
      }
      if (found.length) return { criterion, met: true, where: found.slice(0, MAX_LOCATIONS) };
      return {
        criterion,
        met: false,
        where: [],
        missing: named.length
          ? `no real record for ${target}: ${named.slice(0, 3).map((name) => `"${name}"`).join(', ')} is neither a file in the repository nor a document id with version and approval date`
          : criterion.collection
            ? `no ${criterion.collection}${criterion.where ? ` with ${Object.entries(criterion.where).map(([k, v]) => `${k}: ${v}`).join(', ')}` : ''}${fields.length ? ` that fill ${fields.join(', ')} and` : ' that'} name a record for ${target} (a file in the repository, or a document id with version and approval date)`
            : `no completed activity for ${target} names its record (a file in the repository, or a document id with version and approval date)`,
      };
    }
    case 'verified':
      return verified(criterion, tallies);
    case 'documents': {
      const found = tallies.flatMap((tally) => (tally.field ? [tally.field] : []));
      if (found.length) return { criterion, met: true, where: found.slice(0, MAX_LOCATIONS) };
      const kind = criterion.kind as EvidenceKind;
      return { criterion, met: false, where: [], missing: `no ${kind}${EVIDENCE_KIND_NAMES[kind] ? ` (${EVIDENCE_KIND_NAMES[kind]})` : ''} that reads without problems` };
    }
    case 'any': {
      const alternatives = criterion.of ?? [];
      // Each alternative's tallies, gathered in one loop over the contributors (judged on every keystroke).
      const partsOf: Tally[][] = alternatives.map(() => []);
      for (const tally of tallies) {
        if (!tally.parts) continue;
        for (let i = 0; i < alternatives.length; i++) if (tally.parts[i] && tally.parts[i] !== NO_TALLY) partsOf[i].push(tally.parts[i]);
      }
      const results = alternatives.map((alternative, i) => aggregate(clauseId, alternative, partsOf[i], options));
      const met = results.find((result) => result.met);
      if (met) return { criterion, met: true, where: met.where };
      return { criterion, met: false, where: results.flatMap((result) => result.where).slice(0, MAX_LOCATIONS), missing: results.map((result) => result.missing).join('; nor ') };
    }
    case 'phases': {
      const byPhase = new Map<string, ModelItem>();
      // The first requirement of each phase, in document order: once all are found, no later one counts.
      for (const tally of tallies) {
        if (byPhase.size === PHASES.length) break;
        // (forEach: a for-of over a Map makes an entry array per element, on every keystroke)
        tally.phases.forEach((item, phase) => byPhase.has(phase) || byPhase.set(phase, item));
      }
      const missing = PHASES.filter((phase) => !byPhase.has(phase));
      return {
        criterion,
        met: missing.length === 0,
        where: PHASES.flatMap((phase) => (byPhase.has(phase) ? [at(byPhase.get(phase)!)] : [])),
        missing: missing.length ? `no requirement for ${missing.join(', ')}` : undefined,
      };
    }
  }
}

/** What each kind of evidence file is, for a `documents` criterion that finds none. */
const EVIDENCE_KIND_NAMES: Partial<Record<EvidenceKind, string>> = {
  'vulnerability-report': "a scanner's JSON report: Grype, Trivy or OSV-Scanner",
  vex: 'an OpenVEX document',
  'test-results': 'JUnit XML',
  sbom: 'a CycloneDX or SPDX SBOM',
  'threat-dragon': 'a Threat Dragon model',
};

/**
 * verified: every item to verify has a passing linked test and none failing, as verification-failed
 * and verification-result-missing link them (its verification ids and its own id). The evidence is
 * each item's first passing test case, in the result file.
 *
 * Judged on every keystroke in a requirement set: the items are not gathered into one list (24,000
 * requirements at 1,500 generated documents), and each document's verdicts are kept with its tally
 * while the test results are the same lookup (see judgedTally).
 */
function verified(criterion: Criterion, tallies: Tally[]): CriterionResult {
  let subjects = 0;
  for (let i = 0; i < tallies.length; i++) subjects += tallies[i].found.length;
  const fields = criterion.fields ?? [];
  const what = `${criterion.collection}${fields.length ? ` that fill ${fields.join(', ')}` : ''}`;
  if (!subjects) return { criterion, met: false, where: [], missing: `no ${what}` };
  const results = resultIndexOf(criterion, tallies);
  if (!results) return { criterion, met: false, where: firstOf(tallies, (tally) => tally.found).map(at), missing: `no test results (JUnit XML) in the project, so no ${what} show a passing test` };
  const passing: EvidenceLocation[] = [];
  const lacking: Judged['lacking'] = [];
  let lackingCount = 0;
  for (let t = 0; t < tallies.length; t++) {
    const tally = tallies[t];
    if (!tally.found.length) continue;
    const judged = judgedTally(tally, results);
    for (const location of judged.passing) if (passing.length < MAX_LOCATIONS) passing.push(location);
    lackingCount += judged.lacking.length;
    for (const entry of judged.lacking) if (lacking.length < MAX_LOCATIONS) lacking.push(entry);
  }
  if (!lackingCount) return { criterion, met: true, where: passing };
  const named = lacking.slice(0, 3).map(({ item, why }) => `${describeItem(item)}: ${why}`).join(', ');
  return {
    criterion,
    met: false,
    where: lacking.map(({ item }) => at(item)),
    missing: `${lackingCount} of ${subjects} ${what} have no passing test result (${named}${lackingCount > 3 ? ', …' : ''})`,
  };
}

/** The verdicts on one tally's items: the first few passing tests (as evidence), and every item that lacks a pass, in order. */
interface Judged {
  results: TestResultIndex;
  passing: EvidenceLocation[];
  lacking: { item: ModelItem; why: string }[];
}

/** Per tally (one document's items for one criterion): its verdicts against the results lookup they were judged by. */
const judgedTallies = new WeakMap<Tally, Judged>();

function judgedTally(tally: Tally, results: TestResultIndex): Judged {
  const known = judgedTallies.get(tally);
  if (known && known.results === results) return known;
  const judged: Judged = { results, passing: [], lacking: [] };
  for (const item of tally.found) {
    const verification = requirementVerification(item, results);
    if (verification.verdict !== 'passed') {
      judged.lacking.push({ item, why: verification.verdict === 'failed' ? 'a linked test failed' : 'no result' });
      continue;
    }
    const match = verification.matches.find((candidate) => candidate.testCase.outcome === 'passed')!;
    const testItem = (match.testCase as { item?: ModelItem }).item;
    if (testItem && judged.passing.length < MAX_LOCATIONS) {
      const { testCase } = match;
      judged.passing.push({ uri: testItem.uri, range: testItem.anchor, what: `test ${testCase.classname ? `${testCase.classname} › ` : ''}${testCase.name} passed (verifies ${describeItem(item)})` });
    }
  }
  judgedTallies.set(tally, judged);
  return judged;
}

/**
 * The lookup over the project's test results, kept per criterion while the result files' items are
 * the same lists: a keystroke in a requirements file re-judges the criterion, not the results.
 */
const resultIndexes = new WeakMap<Criterion, { cases: ModelItem[][]; index: TestResultIndex }>();

function resultIndexOf(criterion: Criterion, tallies: Tally[]): TestResultIndex | undefined {
  const cases: ModelItem[][] = [];
  for (const tally of tallies) if (tally.cases?.length) cases.push(tally.cases);
  if (!cases.length) return undefined;
  const known = resultIndexes.get(criterion);
  if (known && known.cases.length === cases.length && known.cases.every((list, i) => list === cases[i])) return known.index;
  const index = testResultsOf(cases.flat());
  resultIndexes.set(criterion, { cases, index });
  return index;
}

/**
 * Whether an item speaks of a clause: through its `clause` or `clauses` field when it has one (a
 * periodic review of 4.1.8), always when it has neither (a penetration test is one by its type).
 */
function namesClause(item: ModelItem, target: string): boolean {
  const normalise = (text: string) => text.trim().replace(/^§\s*/, '');
  const clause = item.fields.clause?.scalar?.text;
  if (clause !== undefined) return !!clause.trim() && within(normalise(clause), target);
  const clauses = item.fields.clauses?.list;
  if (clauses) return clauses.some((value) => within(normalise(value.text), target));
  return true;
}

/** A record for a clause counts for the clause itself and, recorded against a parent, for its subclauses. */
function within(recorded: string, clauseId: string): boolean {
  return clauseId === recorded || clauseId.startsWith(`${recorded}.`);
}
