import { appendItemEdit, appendMarkdownSection, insertAt } from '../edits';
import { fieldText, type ModelDocument, type ModelItem } from '../model';
import { REQUIREMENT_PHASES, fieldName } from '../schema';
import type { Fix, TextEdit } from '../types';
import { memoized, nextId } from './helpers';
import { workspaceRule, type RuleFinding } from './rule';

export const phaseMissing = workspaceRule({
  name: 'phase-missing',
  clause: '5.2.1',
  defaultSeverity: 'error',
  scope: 'workspace',
  reads: { collections: ['requirements'], kinds: ['security-requirements'], definitions: true },
  description:
    'No security requirement (in any requirements document) covers one of the phases installation, operation, maintenance, decommissioning; a requirement whose text is only a placeholder (TODO, TBD) covers nothing.',
  check({ workspace }) {
    const [first] = workspace.documentsOfKind('security-requirements');
    if (!first) return [];
    // The rule runs on every keystroke: each document's phases are worked out once per version of
    // it, reading stops as soon as all four phases are seen, and a stub's id is worked out only
    // when a phase is missing.
    const missing = new Set<string>(REQUIREMENT_PHASES);
    /** The first requirement of a missing phase whose text is only a placeholder (e.g. the stub this rule's fix wrote). */
    const placeholders = new Map<string, ModelItem>();
    for (const document of workspace.documentsOfKind('security-requirements')) {
      const phases = phasesOf(document);
      for (const phase of phases.covered) missing.delete(phase);
      for (const [phase, item] of phases.placeholders) if (!placeholders.has(phase)) placeholders.set(phase, item);
      if (!missing.size) return [];
    }
    const markdown = first.parsed.format === 'markdown';
    const range = (!markdown && first.collections.requirements?.keyRange) || first.kindRange;
    return REQUIREMENT_PHASES.filter((phase) => missing.has(phase)).map((phase): RuleFinding => {
      const placeholder = placeholders.get(phase);
      if (placeholder) {
        // A fix must not write what satisfies the rule: the stub it wrote is reported until a person
        // writes the requirement, and no second stub is offered.
        const text = placeholder.fields.text?.scalar;
        const name = placeholder.id ? placeholder.id.text : `The requirement on line ${placeholder.range.start.line + 1}`;
        return {
          uri: placeholder.uri,
          range: text?.text ? text.range : placeholder.anchor,
          message: `No security requirement covers the ${phase} phase: ${name} holds only a placeholder. Write what must hold during ${phase} in its text (§5.2.1).`,
        };
      }
      return {
        uri: first.uri,
        range,
        message:
          `No security requirement covers the ${phase} phase. Add at least one requirement ` +
          (markdown ? `under a \`## ${title(phase)}\` heading` : `with \`phase: ${phase}\``) +
          ` that says what must hold during ${phase} (§5.2.1).`,
        fixes: () => stubFix(first, phase, nextId(workspace, workspace.items('requirements').flatMap((requirement) => (requirement.id ? [requirement.id.text] : [])), 'SR-', 3)),
      };
    });
  },
});

/**
 * The phases a requirements document's requirements cover (lower-cased), and per phase the first
 * requirement whose text is only a placeholder (TODO, TBD…): that covers nothing.
 */
const phasesOf = memoized((document: ModelDocument) => {
  const covered = new Set<string>();
  const placeholders = new Map<string, ModelItem>();
  for (const requirement of document.collections.requirements?.items ?? []) {
    const phase = fieldText(requirement, 'phase').trim().toLowerCase();
    // A requirement without text still names its phase (requirement rules report what it lacks);
    // one whose text only stands in for a requirement does not cover it.
    const text = requirement.fields.text?.scalar;
    if (!text?.isPlaceholder || !text.text.trim()) covered.add(phase);
    else if (!placeholders.has(phase)) placeholders.set(phase, requirement);
  }
  return { covered, placeholders };
});

/** The stub requirement: its text is a placeholder this rule reads as no requirement (see phasesOf). */
function stubFix(document: ModelDocument, phase: string, id: string): Fix[] {
  const text = `TODO: what must hold during ${phase}`;
  let edit: TextEdit | undefined;
  if (document.parsed.format === 'yaml') {
    edit = appendItemEdit(document, 'requirements', [
      ['id', id],
      ['phase', phase],
      ['text', JSON.stringify(text)],
      ['threats', '[]'],
    ]);
  } else {
    const values: Record<string, string> = { id, phase, text };
    const row = (columns: string[]) => columns.map((column) => values[fieldName(column)] ?? '');
    const section = phaseSection(document, phase);
    if (section?.tableEnd !== undefined) {
      edit = insertAt(document, section.tableEnd, `\n| ${row(section.columns).join(' | ')} |`);
    } else {
      const columns = tableColumns(document);
      const table = tableText(columns, row(columns));
      edit = section ? insertAt(document, section.headingEnd, `\n${table}`) : appendMarkdownSection(document, `${headingMarks(document)} ${title(phase)}`, columns, row(columns));
    }
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

/** A header, its rule and one row, without a trailing line break. */
function tableText(columns: string[], row: string[]): string {
  return `| ${columns.join(' | ')} |\n|${columns.map(() => '----').join('|')}|\n| ${row.join(' | ')} |`;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * The document's heading for a phase, if it has one: where its line ends, and the first table
 * under it (before the next heading): its header cells and where its last row ends.
 */
function phaseSection(document: ModelDocument, phase: string): { headingEnd: number; columns: string[]; tableEnd?: number } | undefined {
  const { lines } = document.parsed;
  const bodyStart = document.parsed.yamlRange ? lines.positionAt(document.parsed.yamlOffset + document.parsed.yamlRange[2]).line + 1 : 0;
  for (let line = bodyStart; line < lines.lineCount; line++) {
    const heading = HEADING.exec(lines.lineText(line));
    if (!heading || heading[2].toLowerCase() !== phase) continue;
    const headingEnd = lines.lineEnd(line);
    for (let next = line + 1; next < lines.lineCount; next++) {
      const text = lines.lineText(next);
      if (HEADING.test(text)) break;
      if (!/^\s*\|/.test(text)) continue;
      let last = next;
      while (last + 1 < lines.lineCount && /^\s*\|/.test(lines.lineText(last + 1))) last++;
      // A header and its rule at least; the row goes after the table's last line.
      if (last === next) break;
      const columns = text.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim());
      return { headingEnd, columns, tableEnd: lines.lineEnd(last) };
    }
    return { headingEnd, columns: [] };
  }
  return undefined;
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
