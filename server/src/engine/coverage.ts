// Coverage of the standard: every applicable clause is either shown by some document (evidence) or
// consciously tailored (a tailoring entry). This module answers it for the clause-uncovered rule,
// the release rules, the CLI `coverage` command, the tailoring generator and the editor's coverage
// view, so all of them agree.
import type { Catalog, Clause } from './catalog';
import { isClauseApplicable, type ClauseGuideConfig } from './config';
import { fieldList, fieldText, type ModelDocument, type ModelItem, type ScalarValue } from './model';
import type { Range } from './types';
import type { WorkspaceIndex } from './workspace';

/** What coverage reads of an index: every document and the items of the cited and tailoring collections. */
export type CoverageSource = Pick<WorkspaceIndex, 'documents' | 'documentsOfKind' | 'items'>;

export interface CoverageLocation {
  uri: string;
  range: Range;
}

export interface ClauseCoverage {
  clause: Clause;
  /** tailored wins over covered: a clause a person tailored out is not shown as met because some document exists. */
  status: 'covered' | 'tailored' | 'missing';
  /** Where the evidence is: explicit citations first (`clauses:` values, activities), then documents of an evidence kind. */
  evidence: CoverageLocation[];
  /** The tailoring entry that covers the clause (its clause value), when there is one. */
  tailoring?: CoverageLocation;
}

/** A clause number as written under `clause`/`clauses`: "§5.7.4" and "IEC 81001-5-1 5.7.4" are 5.7.4. */
export function normalizeClauseId(text: string): string {
  return text
    .trim()
    .replace(/^(?:IEC\s+)?81001-5-1(?::(?:19|20)\d\d)?\s*[:\s]?\s*/i, '')
    .replace(/^§\s*/, '')
    .replace(/[.,;]$/, '')
    .trim();
}

/** Whether `ancestor` is the clause itself or one of its parents, by whole segments ("7.1" is not a parent of "7.10"). */
export function clauseWithin(id: string, ancestor: string): boolean {
  return id === ancestor || id.startsWith(`${ancestor}.`);
}

/** The clauses coverage is about: the leaves of chapters 4–9 and Annex E (E.2.1–E.2.5, E.3), without overviews (E.1). */
export function coverageClauses(catalog: Catalog, config: ClauseGuideConfig): Clause[] {
  return catalog.clauses.filter(
    (clause) =>
      /^(?:[4-9]|E)(?:\.|$)/.test(clause.id) && !clause.overview && catalog.children(clause.id).length === 0 && isClauseApplicable(config, clause.id),
  );
}

/** Finds the tailoring entry (in any tailoring record, any decision) whose clause is the given clause or one of its parents. */
export function tailoringLookup(workspace: Pick<CoverageSource, 'items'>): (clauseId: string) => ModelItem | undefined {
  const entries = tailoringEntries(workspace.items('entries'));
  return (clauseId) => entries.find((entry) => clauseWithin(clauseId, entry.clause))?.item;
}

/** Tailoring entries with their clause, per list of entries (the index keeps a list while its items are the same). */
const tailoringEntries = memoized((items: ModelItem[]) =>
  items.map((item) => ({ item, clause: normalizeClauseId(fieldText(item, 'clause')) })).filter((entry) => entry.clause),
);

/** Where a finding or link about a tailoring entry points: its clause value, else its anchor. */
export function tailoringEntryRange(item: ModelItem): Range {
  const clause = item.fields.clause?.scalar;
  return clause?.text ? clause.range : item.anchor;
}

export function clauseCoverage(workspace: CoverageSource, catalog: Catalog, config: ClauseGuideConfig): ClauseCoverage[] {
  const cited = new Map<string, CoverageLocation[]>();
  const cite = (text: string, uri: string, range: Range) => {
    const id = normalizeClauseId(text);
    if (!id) return;
    const list = cited.get(id) ?? [];
    list.push({ uri, range });
    cited.set(id, list);
  };
  for (const document of workspace.documents()) for (const value of fieldList(document, 'clauses')) cite(value.text, document.uri, value.range);
  for (const activity of workspace.items('plan-activities')) for (const value of fieldList(activity, 'clauses')) cite(value.text, activity.uri, value.range);
  for (const activity of workspace.items('activities')) for (const value of doneActivityClause(activity)) cite(value.text, activity.uri, value.range);
  const tailoringFor = tailoringLookup(workspace);
  return coverageClauses(catalog, config).map((clause) => {
    const evidence = [...(cited.get(clause.id) ?? [])];
    for (const kind of clause.evidence) {
      for (const document of workspace.documentsOfKind(kind)) evidence.push({ uri: document.uri, range: document.kindRange });
    }
    const entry = tailoringFor(clause.id);
    const tailoring = entry ? { uri: entry.uri, range: tailoringEntryRange(entry) } : undefined;
    const status = tailoring ? 'tailored' : evidence.length ? 'covered' : 'missing';
    return tailoring ? { clause, status, evidence, tailoring } : { clause, status, evidence };
  });
}

/**
 * The applicable clauses with neither evidence nor a tailoring entry: what clauseCoverage calls
 * missing, worked out without collecting the evidence, and with each document's citations read
 * once per version of it (clause-uncovered runs on every keystroke, over every document).
 */
export function missingClauses(workspace: CoverageSource, catalog: Catalog, config: ClauseGuideConfig): Clause[] {
  const cited = new Set<string>();
  for (const document of workspace.documents()) for (const id of documentCitations(document)) cited.add(id);
  for (const id of planActivityCitations(workspace.items('plan-activities'))) cited.add(id);
  for (const id of activityCitations(workspace.items('activities'))) cited.add(id);
  const tailoringFor = tailoringLookup(workspace);
  return coverageClauses(catalog, config).filter(
    (clause) => !cited.has(clause.id) && !clause.evidence.some((kind) => workspace.documentsOfKind(kind).length > 0) && !tailoringFor(clause.id),
  );
}

/** A release activity cites its clause once it is done. */
function doneActivityClause(activity: ModelItem): ScalarValue[] {
  const clause = activity.fields.clause?.scalar;
  return clause && fieldText(activity, 'status').trim().toLowerCase() === 'done' ? [clause] : [];
}

// The clause ids cited, as clauseCoverage reads them, per document and per list of items.
const idsOf = (values: ScalarValue[]) => values.map((value) => normalizeClauseId(value.text));
const documentCitations = memoized((document: ModelDocument) => idsOf(fieldList(document, 'clauses')));
const planActivityCitations = memoized((activities: ModelItem[]) => activities.flatMap((activity) => idsOf(fieldList(activity, 'clauses'))));
const activityCitations = memoized((activities: ModelItem[]) => activities.flatMap((activity) => idsOf(doneActivityClause(activity))));

/** `compute`, remembered per key object for as long as the key lives (a document's model, a list the index keeps). */
function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
