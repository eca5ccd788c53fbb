// clause-uncovered: an applicable clause with neither evidence nor a tailoring entry. What counts
// as coverage is the engine's (../coverage), shared with the reports; this rule reports the gaps
// and offers the fixes: a tailoring entry to fill in, or a suppression of all of them at once.
import { missingClauses } from '../coverage';
import { appendItemEdit, appendMarkdownSection, suppressEdit } from '../edits';
import type { ModelDocument } from '../model';
import type { Fix, Range } from '../types';
import { nextId } from './helpers';
import { workspaceRule, type DefinitionsView, type KindsView, type RuleFinding, type WorkspaceView } from './rule';

const NAME = 'clause-uncovered';

/**
 * "Add a tailoring entry for <clause>": appends `clause`, `decision: not-applicable` and an empty
 * justification and approval to the first tailoring record. The empty fields are left for a
 * person (tailoring-justification-missing and tailoring-approval-missing say so). Undefined when
 * the workspace has no tailoring record or no safe place to write.
 */
export function addTailoringEntryFix(workspace: KindsView<'tailoring-record'> & DefinitionsView, clauseId: string): Fix | undefined {
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
function nextEntryId(workspace: DefinitionsView, record: ModelDocument): string {
  const ids = (record.collections.entries?.items ?? []).flatMap((entry) => (entry.id ? [entry.id.text] : []));
  return nextId(workspace, ids, 'TL-', 3);
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
  // Evidence is a `clauses:` list in any document.
  reads: { allDocuments: true, definitions: true },
  description: 'An applicable clause has neither evidence in any document nor a tailoring entry.',
  check({ workspace, catalog, config }) {
    const location = reportLocation(workspace);
    if (!location) return [];
    const missing = missingClauses(workspace, catalog, config);
    // The rule runs on every keystroke, and the answer rarely changes: reuse the findings while
    // the missing clauses and where they are reported are the same. (Their fixes read the
    // workspace when called, so they need not be the same.)
    const key = missing.map((clause) => clause.id).join(' ');
    const previous = findingsCache.get(workspace);
    if (previous && previous.key === key && previous.location === location.document) return previous.findings;
    const findings = missing.map(({ id, title }): RuleFinding => {
      const fixes = (): Fix[] => {
        const add = addTailoringEntryFix(workspace, id);
        const suppress = sharedLineSuppressFix(location.document, NAME, location.range, missing.length);
        return [...(add ? [add] : []), ...(suppress ? [suppress] : [])];
      };
      return {
        uri: location.document.uri,
        range: location.range,
        message:
          `Clause ${id} (${title}) has no evidence and no tailoring entry. ` +
          'Cite it under `clauses:` in the document that shows it, or add a tailoring entry.',
        fixes,
      };
    });
    findingsCache.set(workspace, { key, location: location.document, findings });
    return findings;
  },
});

/** The last findings per view (one per index), with what they were made from. */
const findingsCache = new WeakMap<object, { key: string; location: ModelDocument; findings: RuleFinding[] }>();
