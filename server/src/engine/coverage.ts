// Coverage of the standard, judged as an auditor judges it. Per applicable clause:
// - covered: every evidence criterion of the clause is met by content (criteria.ts), and the
//   clause's own rules report no open finding in the project;
// - claimed: the clause is cited (a `clauses:` value, a planned or completed activity) or some of
//   its criteria are met, but not all of them: the report says what is missing;
// - tailored: a tailoring entry for the clause (or a parent) is a complete decision;
// - pending: a tailoring entry exists but is not yet a decision (tailoringEntry.ts says why);
// - missing: nothing at all.
// A citation alone never covers; a stub, a draft or a file that does not parse is no evidence.
// This module answers for the clause-uncovered rule, the CLI `coverage` command, the reports, the
// tailoring generator and the editor's view, so all of them agree.
import { memoized } from './cache';
import type { Catalog, Clause } from './catalog';
import { isClauseApplicable, type ClauseGuideConfig } from './config';
import { evaluateCriteriaList, type ClauseCriterion, type CriterionResult, type EvidenceOptions } from './criteria';
import { judgeTailoringEntry } from './tailoringEntry';
import type { Finding } from './types';
import { fieldList, fieldText, type ModelDocument, type ModelItem, type ScalarValue } from './model';
import type { Range } from './types';
import type { WorkspaceIndex } from './workspace';

/** What coverage reads of an index: every document and the items of the cited and tailoring collections. */
export type CoverageSource = Pick<WorkspaceIndex, 'documents' | 'documentsOfKind' | 'items'>;

export interface CoverageLocation {
  uri: string;
  range: Range;
}

export const COVERAGE_STATUSES = ['covered', 'tailored', 'pending', 'claimed', 'missing'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export interface ClauseCoverage {
  clause: Clause;
  /** A tailoring entry decides the status (tailored or pending), whatever documents exist. */
  status: CoverageStatus;
  /** Each criterion of the clause, met or not, with the statements that meet it. */
  criteria: CriterionResult[];
  /** Where the clause is cited: a claim, not evidence. */
  citations: CoverageLocation[];
  /** Where the evidence is: the statements that met its criteria. */
  evidence: CoverageLocation[];
  /** The tailoring entry for the clause (its clause value), when there is one. */
  tailoring?: CoverageLocation;
  /** What keeps the clause from covered or tailored, one sentence each (empty when it is). */
  gaps: string[];
}

export interface CoverageOptions extends EvidenceOptions {
  /**
   * The project's findings (as the analyzer reports them: configured and unsuppressed). A clause
   * whose own rules report an error or warning is not covered. Without them (the clause-uncovered
   * rule, which cannot read other rules' findings) only the criteria decide.
   */
  findings?: Iterable<Finding>;
  /**
   * The same as `findings`, already counted per clause (`openFindingsByClause`): a host that keeps
   * the count per file (the status bar's summary after every analysis) need not walk every finding.
   * Used instead of `findings` when given.
   */
  openFindings?: OpenFindings;
}

/** Errors and warnings per clause of the rule that reported them: how many, and which rules (in the order first reported). */
export type OpenFindings = Map<string, { count: number; rules: Set<string> }>;

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

/**
 * The clauses coverage is about: the leaves of chapters 4–9 and Annex E (E.2.1–E.2.5, E.3), and of
 * Annex F when the project declares itself transitional health software; never overviews (E.1, F.1).
 */
export function coverageClauses(catalog: Catalog, config: ClauseGuideConfig): Clause[] {
  const annexes = config.transitional ? /^(?:[4-9]|E|F)(?:\.|$)/ : /^(?:[4-9]|E)(?:\.|$)/;
  return catalog.clauses.filter(
    (clause) => annexes.test(clause.id) && !clause.overview && catalog.children(clause.id).length === 0 && isClauseApplicable(config, clause.id),
  );
}

/** Finds the tailoring entry (in any tailoring record, any decision) whose clause is the given clause or one of its parents. */
export function tailoringLookup(workspace: Pick<CoverageSource, 'items'>): (clauseId: string) => ModelItem | undefined {
  return tailoringLookupOf(workspace.items('entries'));
}

/**
 * The lookup per list of entries (the index keeps a list while its items are the same), each
 * clause's answer kept: coverage asks it for every clause on every keystroke, and a product line
 * holds thousands of entries.
 */
const tailoringLookupOf = memoized((items: ModelItem[]): ((clauseId: string) => ModelItem | undefined) => {
  const entries = items.map((item) => ({ item, clause: normalizeClauseId(fieldText(item, 'clause')) })).filter((entry) => entry.clause);
  const answers = new Map<string, ModelItem | undefined>();
  return (clauseId) => {
    if (answers.has(clauseId)) return answers.get(clauseId);
    const item = entries.find((entry) => clauseWithin(clauseId, entry.clause))?.item;
    answers.set(clauseId, item);
    return item;
  };
});

/** Where a finding or link about a tailoring entry points: its clause value, else its anchor. */
export function tailoringEntryRange(item: ModelItem): Range {
  const clause = item.fields.clause?.scalar;
  return clause?.text ? clause.range : item.anchor;
}

export function clauseCoverage(workspace: CoverageSource, catalog: Catalog, config: ClauseGuideConfig, options: CoverageOptions = {}): ClauseCoverage[] {
  const cited = citedClauses(workspace.documents());
  const tailoringFor = tailoringLookup(workspace);
  // Approvers per tailoring record: a record's entries are approved by its own approvers.
  const approversByRecord = new Map(workspace.documentsOfKind('tailoring-record').map((record) => [record.uri, record.collections.approvers?.items ?? []]));
  const openByClause = options.openFindings ?? openFindingsByClause(options.findings);
  const clauses = coverageClauses(catalog, config);
  // Every criterion of every clause in one pass over the documents (coverage is judged on every keystroke).
  const { list, offsets } = criteriaOf(catalog, clauses);
  const results = evaluateCriteriaList(list, workspace.documents(), options);
  return clauses.map((clause) => {
    const citations = citationsOf(cited, clause.id);
    const entry = tailoringFor(clause.id);
    if (entry) {
      const tailoring = { uri: entry.uri, range: tailoringEntryRange(entry) };
      const judgement = judgeTailoringEntry(entry, approversByRecord.get(entry.uri) ?? [], options.today);
      return {
        clause,
        status: judgement.decided ? 'tailored' : 'pending',
        criteria: [],
        citations,
        evidence: [],
        tailoring,
        gaps: judgement.problems.map((problem) => `tailoring entry: ${problem}`),
      };
    }
    const criteria = results.slice(offsets.get(clause)!, offsets.get(clause)! + (clause.criteria?.length ?? 0));
    const evidence = criteria.filter((result) => result.met).flatMap((result) => result.where.map(({ uri, range }) => ({ uri, range })));
    const gaps = criteria.filter((result) => !result.met).map((result) => `${result.criterion.text} Missing: ${result.missing}.`);
    const open = openByClause.get(clause.id);
    if (open) gaps.push(`${open.count} open finding${open.count === 1 ? '' : 's'} of its rules (${[...open.rules].join(', ')}).`);
    const status: CoverageStatus =
      criteria.length > 0 && gaps.length === 0 ? 'covered' : citations.length > 0 || criteria.some((result) => result.met) ? 'claimed' : 'missing';
    return { clause, status, criteria, citations, evidence, gaps };
  });
}

/**
 * The criteria of the given clauses as one list, with where each clause's start: the same list
 * object while the applicable clauses are the same, so each document's contributions are reused.
 */
function criteriaOf(catalog: Catalog, clauses: Clause[]): { list: ClauseCriterion[]; offsets: Map<Clause, number> } {
  let byKey = criteriaLists.get(catalog);
  if (!byKey) criteriaLists.set(catalog, (byKey = new Map()));
  const key = clauses.map((clause) => clause.id).join(' ');
  let entry = byKey.get(key);
  if (!entry) {
    const list: ClauseCriterion[] = [];
    const offsets = new Map<Clause, number>();
    for (const clause of clauses) {
      offsets.set(clause, list.length);
      for (const criterion of clause.criteria ?? []) list.push({ clauseId: clause.id, criterion });
    }
    // A handful of configurations per catalog at most; bounded all the same.
    if (byKey.size >= 16) byKey.clear();
    byKey.set(key, (entry = { list, offsets }));
  }
  return entry;
}

const criteriaLists = new WeakMap<Catalog, Map<string, { list: ClauseCriterion[]; offsets: Map<Clause, number> }>>();

/**
 * Where each clause is cited, over the documents. Kept per list of documents with the documents
 * it was made from: a keystroke that leaves a document's citations as they were (the same clauses
 * at the same places, the usual keystroke) changes nothing here, and the map is not made again.
 */
function citedClauses(documents: readonly ModelDocument[]): Map<string, CoverageLocation[]> {
  const last = citedCache.get(documents);
  if (last && last.documents.length === documents.length && last.documents.every((document, i) => document === documents[i] || sameCitations(citationsIn(document), citationsIn(documents[i])))) {
    last.documents = [...documents];
    return last.cited;
  }
  const cited = new Map<string, CoverageLocation[]>();
  for (const document of documents) {
    for (const citation of citationsIn(document)) {
      const list = cited.get(citation.id);
      if (list) list.push(citation.location);
      else cited.set(citation.id, [citation.location]);
    }
  }
  citedCache.set(documents, { documents: [...documents], cited });
  return cited;
}

/** Whether two parses of a document cite the same clauses at the same places. */
function sameCitations(a: readonly { id: string; location: CoverageLocation }[], b: readonly { id: string; location: CoverageLocation }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i].location;
    const y = b[i].location;
    if (a[i].id !== b[i].id || x.uri !== y.uri || x.range.start.line !== y.range.start.line || x.range.start.character !== y.range.start.character || x.range.end.line !== y.range.end.line || x.range.end.character !== y.range.end.character) return false;
  }
  return true;
}

/** Per list of documents (the index changes its list in place while the set of documents is the same): what the map was made from. */
const citedCache = new WeakMap<readonly ModelDocument[], { documents: readonly ModelDocument[]; cited: Map<string, CoverageLocation[]> }>();

/** Where a clause is cited: under its own number or, for a parent cited as a whole, under the parent's. */
function citationsOf(cited: Map<string, CoverageLocation[]>, clauseId: string): CoverageLocation[] {
  const out: CoverageLocation[] = [];
  for (let id = clauseId; id; id = id.includes('.') ? id.slice(0, id.lastIndexOf('.')) : '') out.push(...(cited.get(id) ?? []));
  return out;
}

/**
 * Where a document cites clauses: its `clauses:`, its planned activities' `clauses`, its completed
 * release activities. Read once per version of the document: coverage is judged on every keystroke.
 */
const citationsIn = memoized((document: ModelDocument): { id: string; location: CoverageLocation }[] => {
  const out: { id: string; location: CoverageLocation }[] = [];
  const cite = (value: ScalarValue, uri: string) => {
    const id = normalizeClauseId(value.text);
    if (id) out.push({ id, location: { uri, range: value.range } });
  };
  for (const value of fieldList(document, 'clauses')) cite(value, document.uri);
  for (const activity of document.collections['plan-activities']?.items ?? []) for (const value of fieldList(activity, 'clauses')) cite(value, activity.uri);
  for (const activity of document.collections.activities?.items ?? []) for (const value of doneActivityClause(activity)) cite(value, activity.uri);
  return out;
});

/** Errors and warnings per clause of the rule that reported them. */
export function openFindingsByClause(findings: Iterable<Finding> | undefined): OpenFindings {
  const byClause: OpenFindings = new Map();
  for (const finding of findings ?? []) {
    if (!finding.clause || (finding.severity !== 'error' && finding.severity !== 'warning')) continue;
    const entry = byClause.get(finding.clause) ?? { count: 0, rules: new Set<string>() };
    entry.count++;
    entry.rules.add(finding.rule);
    byClause.set(finding.clause, entry);
  }
  return byClause;
}

/** Counts per status, in the order the status bar and the reports show them. */
export function coverageTotals(entries: readonly ClauseCoverage[]): Record<CoverageStatus, number> {
  const totals = Object.fromEntries(COVERAGE_STATUSES.map((status) => [status, 0])) as Record<CoverageStatus, number>;
  for (const entry of entries) totals[entry.status]++;
  return totals;
}

/** A release activity cites its clause once it is done. */
function doneActivityClause(activity: ModelItem): ScalarValue[] {
  const clause = activity.fields.clause?.scalar;
  return clause && fieldText(activity, 'status').trim().toLowerCase() === 'done' ? [clause] : [];
}
