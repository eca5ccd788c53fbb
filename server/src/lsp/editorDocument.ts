// The editor's text of an open document, kept as a list of lines so an incremental change costs
// in proportion to the lines it touches. vscode-languageserver-textdocument rebuilds the whole
// text on every change (a 1.7 MB document: 4,000 appended lines took over a minute, mostly
// copying megabyte strings and collecting them), which froze the server under a burst of edits.
// The whole text is joined only when it is read (once per parse), and the line offsets only when
// a position is converted.
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';

/** A line and its line break (none on the last line). */
const LINE = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g;

export class EditorDocument {
  /** Each line with its break; the last one has none (it may be empty). */
  private lines: string[];
  private text: string | undefined;
  /** Offset of each line's start, made when a position is converted. */
  private offsets: number[] | undefined;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.lines = splitLines(content);
    this.text = content;
  }

  static create(uri: string, languageId: string, version: number, content: string): EditorDocument {
    return new EditorDocument(uri, languageId, version, content);
  }

  /** Applies an editor's changes in order (the `update` of TextDocuments' configuration). */
  static update(document: EditorDocument, changes: TextDocumentContentChangeEvent[], version: number): EditorDocument {
    for (const change of changes) {
      if ('range' in change && change.range) document.replace(change.range, change.text);
      else document.setText(change.text);
    }
    document.currentVersion = version;
    return document;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getText(range?: Range): string {
    this.text ??= this.lines.join('');
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= this.lines.length) return this.getText().length;
    if (position.line < 0) return 0;
    return offsets[position.line] + this.column(position);
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    offset = Math.max(Math.min(offset, this.getText().length), 0);
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    // An offset inside a line break belongs before it.
    return { line, character: Math.min(offset - offsets[line], contentLength(this.lines[line])) };
  }

  private setText(content: string): void {
    this.lines = splitLines(content);
    this.text = content;
    this.offsets = undefined;
  }

  /** Replaces a range: only the lines it spans are split again. */
  private replace(range: Range, newText: string): void {
    let { start, end } = range;
    if (start.line > end.line || (start.line === end.line && start.character > end.character)) [start, end] = [end, start];
    const last = this.lines.length - 1;
    let startLine = Math.min(Math.max(start.line, 0), last);
    const endLine = Math.min(Math.max(end.line, 0), last);
    const startColumn = start.line > last ? contentLength(this.lines[last]) : start.line < 0 ? 0 : this.column(start);
    const endColumn = end.line > last ? this.lines[last].length : end.line < 0 ? 0 : this.column(end);
    let before = this.lines[startLine].slice(0, startColumn);
    // A line that ends in a lone \r is split again with the change: a \n after it joins its break.
    if (startLine > 0 && endsInLoneCarriageReturn(this.lines[startLine - 1])) before = this.lines[--startLine] + before;
    const replacement = splitLines(before + newText + this.lines[endLine].slice(endColumn));
    // Before the last line, the replacement ends with the break of the last line it replaces: the next line starts anew.
    if (endLine < last) replacement.pop();
    const count = endLine - startLine + 1;
    // splice takes its items as arguments, which are limited in number: a pasted book is joined instead.
    if (replacement.length < 10000) this.lines.splice(startLine, count, ...replacement);
    else this.lines = this.lines.slice(0, startLine).concat(replacement, this.lines.slice(endLine + 1));
    this.text = undefined;
    this.offsets = undefined;
  }

  /** A position's character within its line, never past the line's content (not inside its break). */
  private column(position: Position): number {
    return Math.min(Math.max(position.character, 0), contentLength(this.lines[position.line]));
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const offsets = new Array<number>(this.lines.length);
      let offset = 0;
      for (let i = 0; i < this.lines.length; i++) {
        offsets[i] = offset;
        offset += this.lines[i].length;
      }
      this.offsets = offsets;
    }
    return this.offsets;
  }
}

function splitLines(text: string): string[] {
  const lines: string[] = text.match(LINE) ?? [];
  // The last line has no break; after a final break it is empty.
  if (!lines.length || /[\r\n]$/.test(lines[lines.length - 1])) lines.push('');
  return lines;
}

function contentLength(line: string): number {
  if (line.endsWith('\r\n')) return line.length - 2;
  if (line.endsWith('\n') || line.endsWith('\r')) return line.length - 1;
  return line.length;
}

function endsInLoneCarriageReturn(line: string): boolean {
  return line.endsWith('\r');
}
