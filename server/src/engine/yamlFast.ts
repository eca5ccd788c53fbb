// A fast reader for the plain shape almost every security file has: block mappings and lists
// with simple keys, one-line plain or quoted values, one-line `[a, "b"]` lists and comments. It
// builds the same yaml library nodes (Scalar, YAMLMap, YAMLSeq, Pair, with the same ranges) the
// library's parser and composer would, in a fraction of the time and garbage: at 5,000 files the
// library's parse was about the whole time of a parse-only process.
//
// It answers only when it is sure. Anything outside that shape (anchors, aliases, tags, block
// scalars, flow mappings, multi-line values, escapes, directives, `---`, tabs, CR, odd
// indentation, duplicate keys, a comment where the library would fold it into a range) gives
// null, and the caller parses the text with the library as before: a file the library would
// reject never passes here (test/unit/yamlFast.test.ts compares both on every file we have;
// test/fuzz/yamlFast.test.ts on mutated copies of them).
// (Over 400 lines on purpose: one reader of one grammar; each piece decides what the next may
// assume, and where it gives up must be read against the others.)
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/** The longest key read here (the library refuses implicit keys over 1,024 characters). */
const MAX_KEY_LENGTH = 200;

/** Deeper texts go to the library, which bounds nesting for everyone (yamlParse.ts MAX_NESTING_DEPTH is 200). */
const MAX_DEPTH = 50;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const BACKSLASH = 92;

/** Characters a plain value may not start with (YAML's indicators): such values go to the library. */
const PLAIN_START_REFUSED = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
/** Characters a plain item of a `[…]` list may not hold: flow indicators, quotes, comments, `:`. */
const FLOW_PLAIN_REFUSED = new Set(',[]{}#:\'"'.split('').map((c) => c.charCodeAt(0)));

interface Block {
  kind: 'map' | 'seq';
  indent: number;
  node: YAMLMap | YAMLSeq;
  start: number;
  /** Where the last entry's value ends (its node end): the collection's end. */
  end: number;
  /** The last entry, when its value is empty so far: a nested block may become its value. */
  open: Pair<Scalar, unknown> | null;
  /** A list written at the same column as its parent mapping's keys (`key:\n- a`). */
  sameIndentAsParent: boolean;
  keys: Set<string> | null;
}

class Refused extends Error {}
const REFUSED = new Refused();

/**
 * The document the library's `parseDocument(text, { schema: 'failsafe' })` would give, or null
 * when the text is not of the simple shape read here (the caller then parses it with the library).
 */
export function parseSimpleYaml(text: string): Document.Parsed | null {
  try {
    return new SimpleReader(text).read();
  } catch (error) {
    if (error === REFUSED) return null;
    throw error;
  }
}

function refuse(): never {
  throw REFUSED;
}

class SimpleReader {
  private readonly document: Document.Parsed;
  private readonly stack: Block[] = [];
  /** The indentation of the comment lines since the last content line (-1: none). */
  private commentIndent = -1;
  /** An entry with an empty value followed by a comment line: the next line must give it a nested block. */
  private commentedEmpty: Pair<Scalar, unknown> | null = null;

  constructor(private readonly text: string) {
    this.document = new Document(undefined, { prettyErrors: false, schema: 'failsafe' }) as unknown as Document.Parsed;
  }

  read(): Document.Parsed {
    const text = this.text;
    const length = text.length;
    let lineStart = 0;
    while (lineStart < length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = length;
      this.readLine(lineStart, lineEnd);
      lineStart = lineEnd + 1;
    }
    // Comments after the last content line: only at the left margin, where they belong to the document alone.
    if (this.commentIndent > 0 || this.commentedEmpty) refuse();
    const root = this.stack[0];
    if (!root) refuse();
    // A text that ends with an empty value (`key:`) ends, for the library, where that value is.
    let documentEnd = length;
    const last = this.stack[this.stack.length - 1].open?.value as Scalar | undefined;
    if (last) {
      if (last.range![1] !== last.range![2]) refuse();
      documentEnd = last.range![2];
    }
    while (this.stack.length) this.close();
    const [start, end] = root.node.range!;
    this.document.contents = root.node as never;
    this.document.range = [start, end, documentEnd];
    return this.document;
  }

  private readLine(lineStart: number, lineEnd: number): void {
    const text = this.text;
    let at = lineStart;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    for (let i = at; i < lineEnd; i++) {
      const code = text.charCodeAt(i);
      // Tabs, CR, other control characters, NEL, line and paragraph separators, byte-order marks.
      if (code < SPACE || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029 || code === 0xfeff) refuse();
    }
    if (at === lineEnd) return; // blank
    const indent = at - lineStart;
    const first = text.charCodeAt(at);
    if (first === HASH) {
      if (this.stack.length === 0 && indent > 0) refuse();
      // After an empty value (`key:`), the library makes the comment part of that value's node,
      // unless a nested block follows and becomes the value (checked at the next content line).
      if (this.stack.length && this.stack[this.stack.length - 1].open) this.commentedEmpty = this.stack[this.stack.length - 1].open;
      this.commentIndent = Math.max(this.commentIndent, indent);
      return;
    }
    // A comment belongs to the next node unless it is indented past it: then the library folds it into the end of a block that closes.
    if (this.commentIndent > indent) refuse();
    if (first === DASH && (at + 1 === lineEnd || text.charCodeAt(at + 1) === SPACE)) {
      this.readSeqEntry(indent, at, lineEnd);
    } else {
      this.readMapEntry(indent, at, lineEnd);
    }
    this.commentIndent = -1;
    if (this.commentedEmpty) {
      if (this.commentedEmpty.value instanceof Scalar) refuse();
      this.commentedEmpty = null;
    }
  }

  /** `key: value`, `key:` at column `indent`, starting at `at`. */
  private readMapEntry(indent: number, at: number, lineEnd: number): void {
    const block = this.blockFor('map', indent, at);
    this.addPair(block, at, lineEnd);
  }

  /** `- value`, `- key: value` at column `indent`. */
  private readSeqEntry(indent: number, at: number, lineEnd: number): void {
    const block = this.blockFor('seq', indent, at);
    const seq = block.node as YAMLSeq;
    let valueAt = at + 1;
    while (valueAt < lineEnd && this.text.charCodeAt(valueAt) === SPACE) valueAt++;
    // An empty item (`-` alone) is written differently by the library: not read here.
    if (valueAt === lineEnd || this.text.charCodeAt(valueAt) === HASH) refuse();
    block.open = null;
    if (this.keyEnd(valueAt, lineEnd) >= 0) {
      // `- key: value`: a mapping starts at the key's column, inside this item.
      const column = valueAt - (at - indent);
      if (this.stack.length >= MAX_DEPTH) refuse();
      const map = new YAMLMap(this.document.schema);
      seq.items.push(map);
      const inner: Block = { kind: 'map', indent: column, node: map, start: valueAt, end: valueAt, open: null, sameIndentAsParent: false, keys: new Set() };
      this.stack.push(inner);
      this.addPair(inner, valueAt, lineEnd);
      return;
    }
    const [node, end] = this.readValue(valueAt, lineEnd);
    seq.items.push(node);
    block.end = end;
  }

  /**
   * The block a content line at column `indent` continues, opening a nested one where the line
   * starts the value of an empty entry; anything else is refused.
   */
  private blockFor(kind: 'map' | 'seq', indent: number, at: number): Block {
    const stack = this.stack;
    while (stack.length && stack[stack.length - 1].indent > indent) this.close();
    let top = stack[stack.length - 1];
    if (!top) {
      // The first content line: the document is a mapping at the left margin. (The root is never closed before the end.)
      if (indent !== 0 || kind !== 'map') refuse();
      return this.open(kind, indent, at, false);
    }
    if (top.indent === indent && top.kind !== kind && top.sameIndentAsParent && kind === 'map') {
      // Comment lines before the key would be folded into the end of the list they close.
      if (this.commentIndent >= 0) refuse();
      this.close();
      top = stack[stack.length - 1];
    }
    if (top.indent === indent) {
      if (top.kind === kind) return top;
      // `key:` followed by `- item` lines at the key's own column.
      if (top.kind === 'map' && kind === 'seq' && top.open) return this.openAsValue(top, kind, indent, at, true);
      refuse();
    }
    // Deeper than the block: only as the value of its last entry, when that is still empty.
    if (top.open) return this.openAsValue(top, kind, indent, at, false);
    refuse();
  }

  private openAsValue(parent: Block, kind: 'map' | 'seq', indent: number, at: number, sameIndentAsParent: boolean): Block {
    const pair = parent.open!;
    parent.open = null;
    const block = this.open(kind, indent, at, sameIndentAsParent);
    pair.value = block.node;
    return block;
  }

  private open(kind: 'map' | 'seq', indent: number, at: number, sameIndentAsParent: boolean): Block {
    if (this.stack.length >= MAX_DEPTH) refuse();
    const node = kind === 'map' ? new YAMLMap(this.document.schema) : new YAMLSeq(this.document.schema);
    const block: Block = { kind, indent, node, start: at, end: at, open: null, sameIndentAsParent, keys: kind === 'map' ? new Set() : null };
    this.stack.push(block);
    return block;
  }

  /** Closes the innermost block: its range, and its end as its parent entry's end. */
  private close(): void {
    const block = this.stack.pop()!;
    if (block.node.items.length === 0) refuse();
    block.node.range = [block.start, block.end, block.end];
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.end = block.end;
  }

  /** Reads `key: value` or `key:` at `at` into the mapping `block`. */
  private addPair(block: Block, at: number, lineEnd: number): void {
    const keyEnd = this.keyEnd(at, lineEnd);
    if (keyEnd < 0) refuse();
    const text = this.text;
    const keyText = text.slice(at, keyEnd);
    if (block.keys!.has(keyText)) refuse();
    block.keys!.add(keyText);
    const key = scalar(keyText, Scalar.PLAIN, at, keyEnd, keyEnd);
    let valueAt = keyEnd + 1;
    while (valueAt < lineEnd && text.charCodeAt(valueAt) === SPACE) valueAt++;
    let pair: Pair<Scalar, unknown>;
    if (valueAt === lineEnd || text.charCodeAt(valueAt) === HASH) {
      // An empty value: where the library puts it, through a comment on the line and the next line's indentation.
      const end = valueAt === lineEnd ? valueAt : this.afterCommentedEmpty(lineEnd);
      pair = new Pair(key, scalar('', Scalar.PLAIN, valueAt, valueAt, end));
      block.open = pair;
      block.end = end;
    } else {
      const [value, end] = this.readValue(valueAt, lineEnd);
      pair = new Pair(key, value);
      block.open = null;
      block.end = end;
    }
    (block.node as YAMLMap).items.push(pair as Pair);
  }

  /** The end of a simple key starting at `at` (`name:` followed by a space or the line's end), or -1. */
  private keyEnd(at: number, lineEnd: number): number {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (!isKeyStart(first)) return -1;
    let i = at + 1;
    while (i < lineEnd && isKeyChar(text.charCodeAt(i))) i++;
    if (i - at > MAX_KEY_LENGTH || i >= lineEnd || text.charCodeAt(i) !== COLON) return -1;
    if (i + 1 < lineEnd && text.charCodeAt(i + 1) !== SPACE) return -1;
    return i;
  }

  /** A one-line value from `at` (not empty): the node and its end (through a comment and the newline). */
  private readValue(at: number, lineEnd: number): [Scalar | YAMLSeq, number] {
    const text = this.text;
    const first = text.charCodeAt(at);
    if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
      const [value, close] = this.quoted(at, lineEnd);
      const end = this.afterValue(close, lineEnd);
      return [scalar(value, first === DOUBLE_QUOTE ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, at, close, end), end];
    }
    if (first === OPEN_BRACKET) return this.flowList(at, lineEnd);
    if (PLAIN_START_REFUSED.has(first)) refuse();
    // A plain value runs to a comment (` #`) or the line's end, its trailing spaces not included.
    let valueEnd = at;
    let i = at;
    while (i < lineEnd) {
      const code = text.charCodeAt(i);
      if (code === SPACE) {
        if (i + 1 < lineEnd && text.charCodeAt(i + 1) === HASH) break;
      } else {
        // `: ` inside a plain value starts a key the library refuses; a trailing `:` makes it a key.
        if (code === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) refuse();
        valueEnd = i + 1;
      }
      i++;
    }
    const value = text.slice(at, valueEnd);
    const end = this.afterValue(valueEnd, lineEnd);
    return [scalar(value, Scalar.PLAIN, at, valueEnd, end), end];
  }

  /** A quoted value on one line: its value and the offset after its closing quote. */
  private quoted(at: number, lineEnd: number): [string, number] {
    const text = this.text;
    const quote = text.charCodeAt(at);
    if (quote === DOUBLE_QUOTE) {
      const close = text.indexOf('"', at + 1);
      if (close < 0 || close >= lineEnd) refuse();
      const inner = text.slice(at + 1, close);
      if (inner.includes('\\')) refuse();
      return [inner, close + 1];
    }
    let value = '';
    let from = at + 1;
    for (;;) {
      const close = text.indexOf("'", from);
      if (close < 0 || close >= lineEnd) refuse();
      value += text.slice(from, close);
      if (text.charCodeAt(close + 1) !== SINGLE_QUOTE || close + 1 >= lineEnd) return [value, close + 1];
      value += "'";
      from = close + 2;
    }
  }

  /** `[a, "b"]` on one line: plain or quoted items, no nesting. */
  private flowList(at: number, lineEnd: number): [YAMLSeq, number] {
    const text = this.text;
    const seq = new YAMLSeq(this.document.schema);
    seq.flow = true;
    let i = skipSpaces(text, at + 1, lineEnd);
    if (text.charCodeAt(i) === CLOSE_BRACKET) {
      i++;
    } else {
      for (;;) {
        if (i >= lineEnd) refuse();
        const start = i;
        const first = text.charCodeAt(i);
        let item: Scalar;
        if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
          const [value, close] = this.quoted(i, lineEnd);
          i = skipSpaces(text, close, lineEnd);
          item = scalar(value, first === DOUBLE_QUOTE ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE, start, close, i);
        } else {
          if (PLAIN_START_REFUSED.has(first)) refuse();
          let valueEnd = i;
          while (i < lineEnd) {
            const code = text.charCodeAt(i);
            if (code === COMMA || code === CLOSE_BRACKET) break;
            if (code === BACKSLASH || FLOW_PLAIN_REFUSED.has(code)) refuse();
            i++;
            if (code !== SPACE) valueEnd = i;
          }
          item = scalar(text.slice(start, valueEnd), Scalar.PLAIN, start, valueEnd, i);
        }
        seq.items.push(item);
        const next = text.charCodeAt(i);
        if (next === CLOSE_BRACKET) {
          i++;
          break;
        }
        if (next !== COMMA) refuse();
        i = skipSpaces(text, i + 1, lineEnd);
        // `[a, ]` and `[a,,b]` are written differently by the library: not read here.
        if (text.charCodeAt(i) === CLOSE_BRACKET || text.charCodeAt(i) === COMMA) refuse();
      }
    }
    const end = this.afterValue(i, lineEnd);
    seq.range = [at, i, end];
    return [seq, end];
  }

  /** After a value ending at `at`: only spaces and a comment may follow. Returns the node's end (after the newline, if any). */
  private afterValue(at: number, lineEnd: number): number {
    const text = this.text;
    const i = skipSpaces(text, at, lineEnd);
    if (i < lineEnd) {
      // A comment needs a space before it.
      if (text.charCodeAt(i) !== HASH || i === at) refuse();
    }
    return this.afterLine(lineEnd);
  }

  /** Where the library ends an empty value with a comment: after the newline and the next line's indentation. */
  private afterCommentedEmpty(lineEnd: number): number {
    const text = this.text;
    if (lineEnd >= text.length) return lineEnd;
    const next = skipSpaces(text, lineEnd + 1, text.length);
    // A blank line next: not worked out here.
    if (next >= text.length || text.charCodeAt(next) === 10) refuse();
    return next;
  }

  /** The offset after a line's newline (the text's end on the last line). */
  private afterLine(lineEnd: number): number {
    return lineEnd < this.text.length ? lineEnd + 1 : lineEnd;
  }
}

function scalar(value: string, type: Scalar.Type, start: number, valueEnd: number, end: number): Scalar {
  const node = new Scalar(value);
  node.range = [start, valueEnd, end];
  node.source = value;
  node.type = type;
  return node;
}

function skipSpaces(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) === SPACE) at++;
  return at;
}

/** Keys read here: a letter or `_`, then letters, digits, `_`, `-`, `.` (what the schema's keys are). */
function isKeyStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}

function isKeyChar(code: number): boolean {
  return isKeyStart(code) || (code >= 48 && code <= 57) || code === DASH || code === 46;
}
