// What every answer about a document must satisfy, whatever the text: its ranges lie inside the
// document (line < line count, character ≤ that line's length), and start is not after end.
import { strict as assert } from 'node:assert';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}

/** Line lengths of a text, with the line breaks LSP knows (\n, \r\n, \r). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

export class DocumentBounds {
  private readonly byUri = new Map<string, number[]>();

  set(uri: string, text: string): void {
    this.byUri.set(uri, lineLengths(text));
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  /** Asserts `range` lies inside the document `uri`; `what` names the answer for the failure message. */
  assertInside(uri: string, range: Range, what: string): void {
    const lengths = this.byUri.get(uri);
    assert.ok(lengths, `${what}: points into ${uri}, which is not a document of the workspace`);
    for (const [name, position] of [['start', range.start], ['end', range.end]] as const) {
      assert.ok(
        Number.isInteger(position.line) && Number.isInteger(position.character) && position.line >= 0 && position.character >= 0,
        `${what}: ${name} ${JSON.stringify(position)} is not a position`,
      );
      assert.ok(position.line < lengths.length, `${what}: ${name} line ${position.line} is past the last line (${lengths.length - 1})`);
      assert.ok(
        position.character <= lengths[position.line],
        `${what}: ${name} ${position.line}:${position.character} is past the end of its line (length ${lengths[position.line]})`,
      );
    }
    const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
    assert.ok(ordered, `${what}: start ${JSON.stringify(range.start)} is after end ${JSON.stringify(range.end)}`);
  }
}

export function contains(outer: Range, inner: Range): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}
