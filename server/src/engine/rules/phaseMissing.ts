import { appendItemEdit, appendMarkdownSection } from '../edits';
import { fieldText, type ModelDocument } from '../model';
import { REQUIREMENT_PHASES, fieldName } from '../schema';
import type { Fix } from '../types';
import { memoized, nextId } from './helpers';
import type { WorkspaceRule } from './rule';

export const phaseMissing: WorkspaceRule = {
  name: 'phase-missing',
  clause: '5.2.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  description:
    'No security requirement (in any requirements document) covers one of the phases installation, operation, maintenance, decommissioning.',
  check({ workspace }) {
    const [first] = workspace.documentsOfKind('security-requirements');
    if (!first) return [];
    // The rule runs on every keystroke: each document's phases are worked out once per version of
    // it, reading stops as soon as all four phases are seen, and a stub's id is worked out only
    // when a phase is missing.
    const missing = new Set<string>(REQUIREMENT_PHASES);
    for (const document of workspace.documentsOfKind('security-requirements')) {
      for (const phase of phasesOf(document)) missing.delete(phase);
      if (!missing.size) return [];
    }
    const requirements = workspace.items('requirements');
    const markdown = first.parsed.format === 'markdown';
    const range = (!markdown && first.collections.requirements?.keyRange) || first.kindRange;
    const id = nextId(workspace, requirements.flatMap((requirement) => (requirement.id ? [requirement.id.text] : [])), 'SR-', 3);
    return REQUIREMENT_PHASES.filter((phase) => missing.has(phase)).map((phase) => ({
      uri: first.uri,
      range,
      message:
        `No security requirement covers the ${phase} phase. Add at least one requirement ` +
        (markdown ? `under a \`## ${title(phase)}\` heading` : `with \`phase: ${phase}\``) +
        ` that says what must hold during ${phase} (§5.2.1).`,
      fixes: stubFix(first, phase, id),
    }));
  },
};

/** The phases a requirements document's requirements name, lower-cased. */
const phasesOf = memoized((document: ModelDocument) =>
  new Set((document.collections.requirements?.items ?? []).map((requirement) => fieldText(requirement, 'phase').trim().toLowerCase())),
);

function stubFix(document: ModelDocument, phase: string, id: string): Fix[] {
  const text = `TODO: what must hold during ${phase}`;
  let edit;
  if (document.parsed.format === 'yaml') {
    edit = appendItemEdit(document, 'requirements', [
      ['id', id],
      ['phase', phase],
      ['text', JSON.stringify(text)],
      ['threats', '[]'],
    ]);
  } else {
    const columns = tableColumns(document);
    const values: Record<string, string> = { id, phase, text };
    edit = appendMarkdownSection(document, `${headingMarks(document)} ${title(phase)}`, columns, columns.map((column) => values[fieldName(column)] ?? ''));
  }
  return edit ? [{ title: `Add a stub ${phase} requirement ${id}`, edits: { [document.uri]: [edit] }, isPreferred: true }] : [];
}

/** The header cells of the document's requirements table, as written; ID | Text | Threats when it has none. */
function tableColumns(document: ModelDocument): string[] {
  const sample = document.collections.requirements?.items.find((item) => item.form === 'markdown');
  if (!sample) return ['ID', 'Text', 'Threats'];
  const { lines, source } = document.parsed;
  return Object.values(sample.fields)
    .filter((field) => !field.fromHeading)
    .map((field) => source.text.slice(lines.offsetAt(field.keyRange.start), lines.offsetAt(field.keyRange.end)));
}

/** The level of the document's phase headings (`##` when it has none). */
function headingMarks(document: ModelDocument): string {
  const pattern = new RegExp(`^(#{1,6})\\s+(?:${REQUIREMENT_PHASES.join('|')})\\s*#*\\s*$`, 'i');
  for (let line = 0; line < document.parsed.lines.lineCount; line++) {
    const match = pattern.exec(document.parsed.lines.lineText(line));
    if (match) return match[1];
  }
  return '##';
}

function title(phase: string): string {
  return phase[0].toUpperCase() + phase.slice(1);
}
