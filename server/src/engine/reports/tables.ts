// The two table formats the exports share (traceability matrix, SBOM support addendum): CSV for a
// spreadsheet and a Markdown table for a record or a pull request.
import { plainText } from '../markdown';

/**
 * RFC 4180: a header row, CRLF line breaks, fields with a comma, quote or line break in double
 * quotes. A cell that starts with = + - @, tab or CR gets a leading ' (OWASP's advice on CSV
 * injection): a spreadsheet would run it as a formula (`=HYPERLINK(…)` from a document), and the
 * quote makes it show as the text it is.
 */
export function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const field = (cell: string) => {
    const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((cells) => cells.map(field).join(',')).join('\r\n') + '\r\n';
}

/**
 * A Markdown table. Cells are document text, shown as text (plainText): a title must not show an
 * image, a link or HTML where the table is rendered, nor end its cell (`|`) or the table (a line break).
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(plainText).join(' | ')} |`)].join('\n') + '\n';
}
