// Markdown tables, line by line: the one reader of rows, cells and separator lines, shared by the
// document model (modelMarkdown.ts) and value completion in a table (idCompletion.ts), so both see
// the same table.
import { isMarkdownSuppressionLine } from './suppression';
import type { LineIndex, OffsetRange } from './text';

/** A cell's text (padding trimmed, `\|` read as `|`) and the range of its content. */
export interface TableCell {
  text: string;
  range: OffsetRange;
}

const ROW = /^\s*\|/;
const SEPARATOR_ROW = /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** Whether a line is a table row: it starts with a pipe. */
export function isTableRow(text: string): boolean {
  return ROW.test(text);
}

/**
 * Whether a line between two rows leaves the table going on: a suppression comment, which silences
 * the row below it. Every finding must be suppressible, a finding on a row too, and the comment
 * ended the table before: the rows below it vanished from the model.
 */
export function isBetweenRows(text: string): boolean {
  return isMarkdownSuppressionLine(text);
}

/** Whether a line is the separator under a table's header (`| --- | :-: |`). */
export function isSeparatorRow(text: string): boolean {
  return SEPARATOR_ROW.test(text);
}

/** The cells of a row, with their ranges; undefined when the line is no table row. */
export function tableCells(lines: LineIndex, line: number): TableCell[] | undefined {
  const text = lines.lineText(line);
  if (!isTableRow(text)) return undefined;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const cells: TableCell[] = [];
  let cellStart = text.indexOf('|') + 1;
  for (let i = cellStart; i <= text.length; i++) {
    const atEnd = i === text.length;
    if (atEnd || (text[i] === '|' && text[i - 1] !== '\\')) {
      const raw = text.slice(cellStart, i);
      if (atEnd && !raw.trim()) break; // trailing pipe
      const content = raw.trim();
      // An empty cell's position is where its content would go: after one padding space.
      const leading = content ? raw.length - raw.trimStart().length : Math.min(1, raw.length);
      const start = cellStart + leading;
      cells.push({ text: content.replace(/\\\|/g, '|'), range: lines.offsetRange(lineStart + start, lineStart + start + content.length) });
      cellStart = i + 1;
    }
  }
  return cells;
}
