// JSON pointers (RFC 6901) to offsets in the text, for findings and item ranges. JSON.parse gives
// no positions; jsonc-parser's scanner does, and its `visit` walks the text once without building a
// tree, so a 20 MB SBOM is located in one pass that keeps only the offsets asked for.
import { visit } from 'jsonc-parser';
import { MAX_NESTING_DEPTH } from '../yamlParse';
import type { EvidenceProblem } from './types';

export interface JsonSpan {
  start: number;
  end: number;
}

/** One segment of a pointer, escaped (`~` → `~0`, `/` → `~1`). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}

/**
 * The spans of the values at the given pointers ('' is the whole document), in one pass. A pointer
 * to a missing value is not in the result; callers fall back to the nearest parent they asked for.
 */
export function locatePointers(text: string, pointers: Iterable<string>): Map<string, JsonSpan> {
  const wanted = new Set(pointers);
  const found = new Map<string, JsonSpan>();
  if (!wanted.size) return found;
  // The pointer of each open container, and of the value about to be read (a property's or an array element's).
  const stack: { pointer: string; start: number; array: boolean; index: number }[] = [];
  let pendingProperty: string | undefined;
  const nextPointer = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.array) return `${top.pointer}/${top.index++}`;
    const key = pendingProperty ?? '';
    pendingProperty = undefined;
    return `${top.pointer}/${pointerSegment(key)}`;
  };
  visit(
    text,
    {
      onObjectBegin: (offset) => {
        stack.push({ pointer: nextPointer(), start: offset, array: false, index: 0 });
      },
      onObjectProperty: (property) => {
        pendingProperty = property;
      },
      onObjectEnd: (offset, length) => {
        const open = stack.pop();
        if (open && wanted.has(open.pointer)) found.set(open.pointer, { start: open.start, end: offset + length });
      },
      onArrayBegin: (offset) => {
        stack.push({ pointer: nextPointer(), start: offset, array: true, index: 0 });
      },
      onArrayEnd: (offset, length) => {
        const open = stack.pop();
        if (open && wanted.has(open.pointer)) found.set(open.pointer, { start: open.start, end: offset + length });
      },
      onLiteralValue: (_value, offset, length) => {
        const pointer = nextPointer();
        if (wanted.has(pointer)) found.set(pointer, { start: offset, end: offset + length });
      },
    },
    { allowTrailingComma: false, disallowComments: true },
  );
  return found;
}

/** The span of a pointer, or of its nearest located parent, or of the document's first character. */
export function spanOrParent(spans: Map<string, JsonSpan>, pointer: string): JsonSpan {
  for (let current = pointer; ; current = current.slice(0, current.lastIndexOf('/'))) {
    const span = spans.get(current);
    if (span) return span;
    if (!current) return { start: 0, end: 0 };
  }
}

/** Every parent pointer of a pointer, itself included ('/a/b' → '/a/b', '/a', ''). */
export function withParents(pointer: string): string[] {
  const out = [pointer];
  for (let current = pointer; current; ) {
    current = current.slice(0, current.lastIndexOf('/'));
    out.push(current);
  }
  return out;
}

/**
 * The offset of the first array or object nested deeper than MAX_NESTING_DEPTH (the limit YAML
 * documents have), or undefined: one pass over the characters, brackets inside strings skipped.
 */
export function jsonTooDeepAt(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* backslash: skip what it escapes */) i++;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > MAX_NESTING_DEPTH) return i;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) depth--;
  }
  return undefined;
}

/** Where JSON.parse failed, from jsonc-parser's first error (JSON.parse's own message varies by engine). */
export function jsonSyntaxError(text: string): { message: string; start: number; end: number } | undefined {
  let first: { message: string; start: number; end: number } | undefined;
  visit(
    text,
    {
      onError: (error, offset, length) => {
        first ??= { message: JSON_ERRORS[error] ?? 'invalid JSON', start: offset, end: offset + Math.max(length, 1) };
      },
    },
    { allowTrailingComma: false, disallowComments: true },
  );
  return first;
}

// jsonc-parser's ParseErrorCode values, in words.
const JSON_ERRORS: Record<number, string> = {
  1: 'invalid symbol',
  2: 'invalid number format',
  3: 'a property name is expected here',
  4: 'a value is expected here',
  5: 'a colon is expected here',
  6: 'a comma is expected here',
  7: 'a closing brace is expected here',
  8: 'a closing bracket is expected here',
  9: 'the file ends too early',
  10: 'comments are not allowed in JSON',
  11: 'unexpected end of comment',
  12: 'unexpected end of string',
  13: 'unexpected end of number',
  14: 'invalid unicode escape',
  15: 'invalid escape character',
  16: 'invalid character',
};

/**
 * An evidence file's JSON, or the one problem that it does not parse (named where jsonc-parser
 * finds the error): every JSON reader starts so.
 */
export function parseEvidenceJson(name: string, text: string): { value: unknown } | { problem: EvidenceProblem } {
  // jsonc-parser (error positions, locatePointers) recurses per level: 100,000 levels overflowed the stack.
  const tooDeep = jsonTooDeepAt(text);
  if (tooDeep !== undefined) return { problem: { message: `${name} nests arrays and objects more than ${MAX_NESTING_DEPTH} levels deep, so it is not read.`, at: { start: tooDeep, end: tooDeep + 1 } } };
  try {
    return { value: JSON.parse(text) };
  } catch {
    const error = jsonSyntaxError(text);
    return { problem: { message: `${name} is not valid JSON: ${error?.message ?? 'it does not parse'}.`, at: error && { start: error.start, end: error.end } } };
  }
}
