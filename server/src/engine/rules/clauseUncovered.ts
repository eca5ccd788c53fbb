// clause-uncovered: an applicable clause with neither evidence nor a tailoring entry. What counts
// as coverage is the engine's (../coverage), shared with the reports; this rule reports the gaps
// and offers the fixes: a tailoring entry to fill in, or a suppression of all of them at once.
import { clauseCoverage, coverageTotals } from '../coverage';
import { appendItemEdit, appendMarkdownSection, suppressEdit } from '../edits';
import type { ModelDocument } from '../model';
import type { Fix, Range } from '../types';
import { nextId } from './helpers';
import { workspaceRule, type DefinitionsView, type KindsView, type RuleFinding, type WorkspaceView } from './rule';

const NAME = 'clause-uncovered';

/** The editor's commands the finding offers (client/src/coverageReport.ts, client/src/tailoring.ts). */
export const SHOW_COVERAGE_COMMAND = 'clauseGuide.showCoverage';
export const GENERATE_TAILORING_COMMAND = 'clauseGuide.generateTailoringRecord';

/**
 * "Plan tailoring": appends an entry for each clause, with an empty decision, justification and
 * approval, to the first tailoring record. The entries are undecided (pending in coverage) until a
 * person decides, justifies and approves each: no default decision is written for them. Undefined
 * when the workspace has no tailoring record or no safe place to write.
 */
export function addTailoringEntriesFix(workspace: KindsView<'tailoring-record'> & DefinitionsView, clauseIds: string[]): Fix | undefined {
  const [record] = workspace.documentsOfKind('tailoring-record');
  if (!record || !clauseIds.length) return undefined;
  const entries = record.collections.entries?.items ?? [];
  const markdownTable = record.parsed.format === 'markdown' && entries.some((entry) => entry.form === 'markdown');
  const withId = markdownTable || entries.some((entry) => entry.id);
  const taken = entries.flatMap((entry) => (entry.id ? [entry.id.text] : []));
  const ids = clauseIds.map(() => {
    const id = nextId(workspace, taken, 'TL-', 3);
    taken.push(id);
    return id;
  });
  const title = clauseIds.length === 1 ? `Add an undecided tailoring entry for ${clauseIds[0]}` : `Plan tailoring: add undecided entries for the ${clauseIds.length} clauses without evidence`;
  const edits = clauseIds.map((clauseId, i) =>
    appendItemEdit(record, 'entries', [...(withId ? ([['id', ids[i]]] as [string, string][]) : []), ['clause', `"${clauseId}"`], ['decision', '""'], ['justification', '""'], ['approved_by', '""']]),
  );
  if (edits.every((edit) => edit)) {
    // All at the same insertion point: one edit holding the entries in clause order.
    return { title, edits: { [record.uri]: [{ range: edits[0]!.range, newText: edits.map((edit) => edit!.newText).join('') }] } };
  }
  if (record.parsed.format === 'markdown' && entries.length === 0 && clauseIds.length === 1) {
    const edit = appendMarkdownSection(record, '## Tailoring entries', ['ID', 'Clause', 'Decision', 'Justification', 'Approved by'], [ids[0], clauseIds[0], '', '', '']);
    if (edit) return { title, edits: { [record.uri]: [edit] } };
  }
  return undefined;
}

/** Where workspace-level coverage findings go: the first tailoring record's `entries`, else the first plan, else the first document. */
function reportLocation(workspace: WorkspaceView<{ allDocuments: true }>): { document: ModelDocument; range: Range } | undefined {
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

export const clauseUncovered = workspaceRule({
  name: NAME,
  clause: null,
  defaultSeverity: 'warning',
  scope: 'workspace',
  // Coverage reads every document: citations under `clauses:`, and the content its criteria ask for.
  reads: { allDocuments: true, definitions: true },
  description:
    'Applicable clauses of the project are not covered: no content meets their evidence criteria, and no decided tailoring entry leaves them out (one finding per project; the coverage view lists them).',
  check({ workspace, catalog, config, evidence }) {
    const location = reportLocation(workspace);
    if (!location) return [];
    // One finding per project, not one per clause: a new user's first file would otherwise carry
    // fifty warnings on one line. Which clause lacks what is the coverage view's and the report's.
    const coverage = clauseCoverage(workspace, catalog, config, evidence);
    const totals = coverageTotals(coverage);
    const gaps = coverage.filter((entry) => entry.status !== 'covered' && entry.status !== 'tailored');
    if (!gaps.length) return [];
    const key = `${gaps.map((entry) => `${entry.clause.id}:${entry.status}`).join(' ')}@${location.range.start.line}`;
    const previous = findingsCache.get(workspace);
    if (previous && previous.key === key && previous.location === location.document) return previous.findings;
    const missing = gaps.filter((entry) => entry.status === 'missing').map((entry) => entry.clause.id);
    const parts = (['missing', 'claimed', 'pending'] as const).filter((status) => totals[status]).map((status) => `${totals[status]} ${status}`);
    const finding: RuleFinding = {
      uri: location.document.uri,
      range: location.range,
      message:
        `${gaps.length} of ${coverage.length} applicable clauses are not covered (${parts.join(', ')}): ` +
        `${listed(gaps.map((entry) => entry.clause.id))}. Show Coverage lists what each one lacks; ` +
        'meet its evidence criteria with content, or decide, justify and approve a tailoring entry for it.',
      fixes: () => {
        // The detail is the coverage view's; planning is an edit of the record, or (with no record
        // yet) Generate Tailoring Record, which creates one. Both write undecided entries only.
        const show: Fix = { title: 'Show Coverage: what each clause lacks', edits: {}, command: { command: SHOW_COVERAGE_COMMAND } };
        const plan: Fix | undefined = missing.length
          ? addTailoringEntriesFix(workspace, missing) ?? { title: 'Plan tailoring… (Generate Tailoring Record: undecided entries to decide)', edits: {}, command: { command: GENERATE_TAILORING_COMMAND } }
          : undefined;
        const suppress = suppressEdit(location.document, NAME, location.range);
        return [show, ...(plan ? [plan] : []), ...(suppress ? [{ title: `Suppress ${NAME} here (with a reason)`, edits: { [location.document.uri]: [suppress] } }] : [])];
      },
    };
    const findings = [finding];
    findingsCache.set(workspace, { key, location: location.document, findings });
    return findings;
  },
});

/** "5.4.1, 5.4.2, … and 12 more": the clause ids, up to a readable length. */
function listed(ids: string[]): string {
  const shown = ids.slice(0, 8).join(', ');
  return ids.length > 8 ? `${shown} and ${ids.length - 8} more` : shown;
}

/** The last findings per view (one per index), with what they were made from. */
const findingsCache = new WeakMap<object, { key: string; location: ModelDocument; findings: RuleFinding[] }>();
