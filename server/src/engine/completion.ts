// Completion of clause numbers after "§", after "81001-5-1 " / "81001-5-1:", and under `clause`/`clauses` keys.
// Where a clause number is certain to follow (after §, under a clauses key), a word may be typed
// instead of a number: the clauses whose title or keywords hold a word starting with it are offered,
// and choosing one replaces the word with the number. Each entry carries its title for the row
// (editors show a label's description on every row, a detail only on the selected one) and a
// filter text of number, title and keywords, which is what an editor matches the typed text against.
import type { Catalog, Clause } from './catalog';
import type { ParsedDocument } from './document';
import type { Position, Range } from './types';

export interface CompletionEntry {
  label: string;
  kind: 'clause';
  /** The title, shown beside the number on the entry's row. */
  description: string;
  detail: string;
  /** Markdown. */
  documentation: string;
  /** The text the entry replaces: the partly typed number. */
  range: Range;
  insertText: string;
  filterText: string;
  sortText: string;
}

// A clause number being typed, or (where a number must follow) a word of its title.
const NUMBER = '[A-Z]?[\\d.]*';
const NUMBER_OR_WORD = `(?:${NUMBER}|[A-Za-z][\\w-]*)`;
// What may precede a clause number being typed in prose: § (then a word may stand for it), or the
// standard's designation alone (then only a number: "81001-5-1 requires" is prose).
const SECTION_CONTEXT = new RegExp(`(?:§\\s?|81001-5-1(?::(?:19|20)\\d\\d)?\\s*§\\s?)(${NUMBER_OR_WORD})$`);
const DESIGNATION_CONTEXT = new RegExp(`81001-5-1(?::(?:19|20)\\d\\d)?(?::|\\s+)(${NUMBER})$`);
// `clause: 5.` / `clauses: [7.2, 5.` / `clauses: ["5.` on the same line.
const KEY_CONTEXT = new RegExp(`^\\s*(?:-\\s+)?clauses?\\s*:\\s*(?:\\[(?:[^\\]]*,)?\\s*)?["']?(${NUMBER_OR_WORD})$`);
// A block list item `- "5.` whose list belongs to a `clauses:` key above it.
const LIST_ITEM_CONTEXT = new RegExp(`^(\\s*)-\\s+["']?(${NUMBER_OR_WORD})$`);
const IS_NUMBER = new RegExp(`^${NUMBER}$`);

export function completionsAt(document: ParsedDocument, position: Position, catalog: Catalog): CompletionEntry[] {
  const lineText = document.lines.lineText(position.line).slice(0, position.character);
  const partial = partialClauseNumber(document, position.line, lineText);
  if (partial === undefined) return [];
  const range: Range = { start: { line: position.line, character: position.character - partial.length }, end: position };
  const matches = IS_NUMBER.test(partial) ? (clause: Clause) => clause.id.startsWith(partial) : wordMatcher(partial);
  return catalog.clauses.filter(matches).map((clause, index) => ({
    label: clause.id,
    kind: 'clause' as const,
    description: clause.title,
    detail: clause.title,
    documentation: clause.summary,
    range,
    insertText: clause.id,
    filterText: [clause.id, clause.title, ...(clause.keywords ?? [])].join(' '),
    sortText: String(index).padStart(4, '0'),
  }));
}

/** A clause whose title or keywords hold a word that starts with the typed one (any case). */
function wordMatcher(typed: string): (clause: Clause) => boolean {
  const wanted = typed.toLowerCase();
  return (clause) =>
    [clause.title, ...(clause.keywords ?? [])].some((text) =>
      text
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .some((word) => word.startsWith(wanted)),
    );
}

function partialClauseNumber(document: ParsedDocument, line: number, lineText: string): string | undefined {
  const prose = SECTION_CONTEXT.exec(lineText) ?? DESIGNATION_CONTEXT.exec(lineText);
  if (prose) return prose[1];
  if (!inYaml(document, line)) return undefined;
  const key = KEY_CONTEXT.exec(lineText);
  if (key) return key[1];
  const item = LIST_ITEM_CONTEXT.exec(lineText);
  if (item && listBelongsToClausesKey(document, line, item[1].length)) return item[2];
  return undefined;
}

function inYaml(document: ParsedDocument, line: number): boolean {
  if (document.format === 'yaml') return true;
  if (!document.yamlRange) return false;
  const start = document.lines.positionAt(document.yamlOffset).line;
  const end = document.lines.positionAt(document.yamlOffset + document.yamlRange[2]).line;
  return line >= start && line <= end;
}

/** Walks up from a list item to the first line indented less (or equally, for YAML's compact lists) that holds a key. */
function listBelongsToClausesKey(document: ParsedDocument, line: number, itemIndent: number): boolean {
  for (let previous = line - 1; previous >= 0; previous--) {
    const text = document.lines.lineText(previous);
    if (!text.trim() || text.trim().startsWith('#')) continue;
    const indent = text.length - text.trimStart().length;
    if (indent > itemIndent || (indent === itemIndent && text.trimStart().startsWith('-'))) continue;
    return /^\s*(?:-\s+)?clauses\s*:\s*$/.test(text);
  }
  return false;
}
