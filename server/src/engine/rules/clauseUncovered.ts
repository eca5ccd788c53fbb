// Coverage of the standard: every applicable clause is either shown by some document (evidence) or
// consciously tailored (a tailoring entry). clauseCoverage answers this for the rule, the CLI
// `coverage` command and the editor's coverage view, so all three agree.
import type { Catalog, Clause } from '../catalog';
import { isClauseApplicable, type ClauseGuideConfig } from '../config';
import { appendItemEdit, appendMarkdownSection, suppressEdit } from '../edits';
import { fieldList, fieldText, type ModelDocument, type ModelItem, type ScalarValue } from '../model';
import type { Fix, Range } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { memoized, nextId } from './helpers';
import type { RuleFinding, WorkspaceRule } from './rule';

const NAME = 'clause-uncovered';

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
export function tailoringLookup(workspace: WorkspaceIndex): (clauseId: string) => ModelItem | undefined {
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

export function clauseCoverage(workspace: WorkspaceIndex, catalog: Catalog, config: ClauseGuideConfig): ClauseCoverage[] {
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
 * "Add a tailoring entry for <clause>": appends `clause`, `decision: not-applicable` and an empty
 * justification and approval to the first tailoring record. The empty fields are left for a
 * person (tailoring-justification-missing and tailoring-approval-missing say so). Undefined when
 * the workspace has no tailoring record or no safe place to write.
 */
export function addTailoringEntryFix(workspace: WorkspaceIndex, clauseId: string): Fix | undefined {
  const [record] = workspace.documentsOfKind('tailoring-record');
  if (!record) return undefined;
  const entries = record.collections.entries?.items ?? [];
  const markdownTable = record.parsed.format === 'markdown' && entries.some((entry) => entry.form === 'markdown');
  const withId = markdownTable || entries.some((entry) => entry.id);
  const fields: [string, string][] = [
    ...(withId ? ([['id', nextEntryId(workspace, record)]] as [string, string][]) : []),
    ['clause', `"${clauseId}"`],
    ['decision', 'not-applicable'],
    ['justification', '""'],
    ['approved_by', '""'],
  ];
  let edit = appendItemEdit(record, 'entries', fields);
  if (!edit && record.parsed.format === 'markdown' && entries.length === 0) {
    edit = appendMarkdownSection(record, '## Tailoring entries', ['ID', 'Clause', 'Decision', 'Justification', 'Approved by'], [nextEntryId(workspace, record), clauseId, 'not-applicable', '', '']);
  }
  if (!edit) return undefined;
  return { title: `Add a tailoring entry for ${clauseId}`, edits: { [record.uri]: [edit] } };
}

/** The next id in the style of the record's entry ids (TL-03 → TL-04), unused in the workspace. */
function nextEntryId(workspace: WorkspaceIndex, record: ModelDocument): string {
  const ids = (record.collections.entries?.items ?? []).flatMap((entry) => (entry.id ? [entry.id.text] : []));
  return nextId(workspace, ids, 'TL-', 3);
}

/** Where workspace-level coverage findings go: the first tailoring record's `entries`, else the first plan, else the first document. */
function reportLocation(workspace: WorkspaceIndex): { document: ModelDocument; range: Range } | undefined {
  const [tailoring] = workspace.documentsOfKind('tailoring-record');
  if (tailoring) return { document: tailoring, range: tailoring.collections.entries?.keyRange ?? tailoring.kindRange };
  const [plan] = workspace.documentsOfKind('lifecycle-plan');
  const document = plan ?? workspace.documents()[0];
  return document ? { document, range: document.kindRange } : undefined;
}

/**
 * The suppression fix for findings that share one line (all uncovered clauses are reported at the
 * same key): a comment there hides every one of them, and the title says so.
 */
export function sharedLineSuppressFix(document: ModelDocument, rule: string, range: Range, sharing: number): Fix | undefined {
  const edit = suppressEdit(document, rule, range);
  if (!edit) return undefined;
  const others = sharing - 1;
  const scope = others > 0 ? ` — also hides the ${others} other ${rule} finding${others === 1 ? '' : 's'} here` : '';
  return { title: `Suppress ${rule} on this line (with a reason)${scope}`, edits: { [document.uri]: [edit] } };
}

export const clauseUncovered: WorkspaceRule = {
  name: NAME,
  clause: null,
  defaultSeverity: 'warning',
  scope: 'workspace',
  description: 'An applicable clause has neither evidence in any document nor a tailoring entry.',
  check({ workspace, catalog, config }) {
    const location = reportLocation(workspace);
    if (!location) return [];
    const missing = missingClauses(workspace, catalog, config);
    // The rule runs on every keystroke, and the answer rarely changes: reuse the findings while
    // the missing clauses, where they are reported and what their fixes read are the same.
    const [record] = workspace.documentsOfKind('tailoring-record');
    const key = missing.map((clause) => clause.id).join(' ');
    const previous = findingsCache.get(workspace);
    if (
      previous &&
      previous.key === key &&
      previous.location === location.document &&
      previous.record === record &&
      workspace.definitionsUnchangedSince(previous.generation)
    ) {
      return previous.findings;
    }
    const findings = missing.map(({ id, title }): RuleFinding => {
      const fixes: Fix[] = [];
      const add = addTailoringEntryFix(workspace, id);
      if (add) fixes.push(add);
      const suppress = sharedLineSuppressFix(location.document, NAME, location.range, missing.length);
      if (suppress) fixes.push(suppress);
      return {
        uri: location.document.uri,
        range: location.range,
        message:
          `Clause ${id} (${title}) has no evidence and no tailoring entry. ` +
          'Cite it under `clauses:` in the document that shows it, or add a tailoring entry.',
        fixes,
      };
    });
    findingsCache.set(workspace, { key, location: location.document, record, generation: workspace.generation, findings });
    return findings;
  },
};

const findingsCache = new WeakMap<
  WorkspaceIndex,
  { key: string; location: ModelDocument; record: ModelDocument | undefined; generation: number; findings: RuleFinding[] }
>();

/**
 * The applicable clauses with neither evidence nor a tailoring entry: what clauseCoverage calls
 * missing, worked out without collecting the evidence, and with each document's citations read
 * once per version of it (the rule runs on every keystroke, over every document).
 */
function missingClauses(workspace: WorkspaceIndex, catalog: Catalog, config: ClauseGuideConfig): Clause[] {
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
