// Offset <-> position conversion over a document's text, computed once per document version.
import type { Position, Range } from './types';

/** Where a LineIndex reads a line's text: the text itself, or a host's store of it (see `ParsedDocument.keepTextIn`). */
export interface TextSource {
  readonly text: string;
}

export class LineIndex {
  /** Offset of each line's first character; 32-bit, as an array of numbers takes twice the room. */
  private readonly lineStarts: Uint32Array;
  /** 1 for each line that ends in \r\n (the others end in one character, the last in none); null when none does, the usual case. */
  private readonly crlfEnds: Uint8Array | null;
  /** The text's length. Positions need only this and the line starts, so they never read the text. */
  readonly length: number;
  private textSource: string | TextSource;

  constructor(text: string) {
    const starts = [0];
    const crlfLines: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) {
          crlfLines.push(starts.length - 1);
          i++;
        }
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = Uint32Array.from(starts);
    this.crlfEnds = crlfLines.length ? new Uint8Array(starts.length) : null;
    for (const line of crlfLines) this.crlfEnds![line] = 1;
    this.length = text.length;
    this.textSource = text;
  }

  /** The text, from wherever it is kept. */
  get text(): string {
    const source = this.textSource;
    return typeof source === 'string' ? source : source.text;
  }

  /** Reads the text from `source` from now on (the same text, kept elsewhere), so this index no longer holds it. */
  readTextFrom(source: TextSource): void {
    this.textSource = source;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.length));
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
    if (position.line >= this.lineStarts.length) return this.length;
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
    if (line < 0) return 0;
    if (line + 1 >= this.lineStarts.length) return this.length;
    return this.lineStarts[line + 1] - (this.crlfEnds !== null && this.crlfEnds[line] === 1 ? 2 : 1);
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a slice of 13
 * or more characters as a pointer into the whole string, so one value kept from a file keeps the
 * whole file's text; the server keeps the text of files not open in the editor packed, which frees
 * memory only if nothing else points into it. Shorter slices are copies already. A JSON round trip
 * is the cheapest flat copy V8 offers (about 0.4 µs), and it is one byte per character when the
 * value is ASCII, even when the file's text holds two-byte characters.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
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

/** Characters that show as nothing or as a plain space: controls, format characters (zero-width, bidi), odd spaces. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u00a0\u2000-\u200a\u202f\u205f\u3000]/gu;

/**
 * An id as a message should show it: invisible characters as `\uXXXX`. `TH-1` with a zero-width
 * space is another id than `TH-1`, and a message that printed it as is would read "TH-1 is not
 * defined" beside the definition of TH-1.
 */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** The text without its invisible characters (what a person reading it believes it says). */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
