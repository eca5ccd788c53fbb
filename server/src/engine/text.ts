// Offset <-> position conversion over a document's text, computed once per document version.
import type { Position, Range } from './types';

export class LineIndex {
  /** Offset of each line's first character; 32-bit, as an array of numbers takes twice the room. */
  private readonly lineStarts: Uint32Array;

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset inside a line break (between \r and \n) belongs to the end of its line.
    return { line: low, character: Math.min(clamped, this.lineEnd(low)) - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const lineEnd = this.lineEnd(position.line);
    return Math.min(lineStart + Math.max(0, position.character), lineEnd);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The same range, kept as offsets until its positions are read (see OffsetRange). */
  offsetRange(start: number, end: number): OffsetRange {
    return new OffsetRange(this, start, end);
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineEnd(line));
  }
}

export function containsPosition(range: Range, position: Position): boolean {
  const afterStart =
    position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd =
    position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/**
 * A range kept as two offsets into its document; `start` and `end` are computed when read.
 * The document model holds a few ranges per field, hundreds of thousands in a product line:
 * as plain objects (a range and two positions each) they were the largest part of the server's
 * memory, and most are never read. It serialises as a plain range, so it can go over LSP as is.
 */
export class OffsetRange implements Range {
  // Assigned in the constructor, not declared as class fields: the model's values, fields and
  // references are subclasses, and a field initializer shared by that many classes of object
  // goes to V8's slow path (it doubled the time to build a model).
  declare readonly lines: LineIndex;
  declare readonly startOffset: number;
  declare readonly endOffset: number;

  constructor(lines: LineIndex, startOffset: number, endOffset: number) {
    (this as { lines: LineIndex }).lines = lines;
    (this as { startOffset: number }).startOffset = startOffset;
    (this as { endOffset: number }).endOffset = endOffset;
  }

  get start(): Position {
    return this.lines.positionAt(this.startOffset);
  }

  get end(): Position {
    return this.lines.positionAt(this.endOffset);
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** A plain copy of a range (an OffsetRange's positions computed once). */
export function plainRange(range: Range): Range {
  return range instanceof OffsetRange ? range.toJSON() : range;
}
