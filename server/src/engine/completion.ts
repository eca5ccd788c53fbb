// Completion of clause numbers after "§", after "81001-5-1 " / "81001-5-1:", and under `clause`/`clauses` keys.
import type { Catalog } from './catalog';
import type { ParsedDocument } from './document';
import type { Position, Range } from './types';

export interface CompletionEntry {
  label: string;
  kind: 'clause';
  detail: string;
  /** Markdown. */
  documentation: string;
  /** The text the entry replaces: the partly typed number. */
  range: Range;
  insertText: string;
  filterText: string;
  sortText: string;
}

// What may precede a clause number being typed in prose.
const PROSE_CONTEXT = /(?:§\s?|81001-5-1(?::(?:19|20)\d\d)?(?::|\s*§\s?|\s+))([A-Z]?[\d.]*)$/;
// `clause: 5.` / `clauses: [7.2, 5.` / `clauses: ["5.` on the same line.
const KEY_CONTEXT = /^\s*(?:-\s+)?clauses?\s*:\s*(?:\[(?:[^\]]*,)?\s*)?["']?([A-Z]?[\d.]*)$/;
// A block list item `- "5.` whose list belongs to a `clauses:` key above it.
const LIST_ITEM_CONTEXT = /^(\s*)-\s+["']?([A-Z]?[\d.]*)$/;

export function completionsAt(document: ParsedDocument, position: Position, catalog: Catalog): CompletionEntry[] {
  const lineText = document.lines.lineText(position.line).slice(0, position.character);
  const partial = partialClauseNumber(document, position.line, lineText);
  if (partial === undefined) return [];
  const range: Range = { start: { line: position.line, character: position.character - partial.length }, end: position };
  return catalog.clauses
    .filter((clause) => clause.id.startsWith(partial))
    .map((clause, index) => ({
      label: clause.id,
      kind: 'clause' as const,
      detail: clause.title,
      documentation: clause.summary,
      range,
      insertText: clause.id,
      filterText: clause.id,
      sortText: String(index).padStart(4, '0'),
    }));
}

function partialClauseNumber(document: ParsedDocument, line: number, lineText: string): string | undefined {
  const prose = PROSE_CONTEXT.exec(lineText);
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
