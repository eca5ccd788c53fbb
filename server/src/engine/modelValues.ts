// The document model's values: what a model holds (documents, collections, items, fields, scalar
// values and references) and the classes the builder makes them with. A product line holds
// 100,000+ items and references, so these classes are shaped for memory and for V8: one object per
// value where there could be two, properties assigned in constructors (see OffsetRange), offsets
// kept and ranges made when read. The builders are in modelBuilder.ts, modelYaml.ts and
// modelMarkdown.ts; `buildModel` in model.ts.
import type { ParsedDocument } from './document';
import type { CollectionName, FieldSpec, ModelKind } from './schema';
import { isPlaceholderText } from './placeholder';
import { detached, OffsetRange, type LineIndex } from './text';
import type { Range } from './types';

/** Values shorter than this are kept: ModelStrings interns them, and they cost less kept than read. */
const LEFT_IN_TEXT_MIN_LENGTH = 13;

/**
 * A scalar as written (quotes removed), with its exact range. It is its own range: the model holds
 * one per value, so one object instead of a value and a range keeps the index small. Its text is
 * interned by the builder (ModelStrings) before it is made, or not kept at all (see `text`).
 */
export class ScalarValue extends OffsetRange {
  // Assigned, not a class field: see OffsetRange.
  /** The text; undefined once it is left in the document's text (see `leaveInText`). */
  declare private kept: string | undefined;

  constructor(text: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    this.kept = text;
  }

  /**
   * The value's text: kept, or (see `leaveInText`) read from the document's text, for a file no
   * editor shows its packed text unpacked, as a copy that shares nothing with that text.
   */
  get text(): string {
    const kept = this.kept;
    return kept !== undefined ? kept : detached(this.lines.text.slice(this.startOffset, this.endOffset));
  }

  /**
   * Stops keeping the text when `source`, the document's text, holds it as is between the value's
   * offsets, and it is long (short values are interned: ModelStrings) and no placeholder (so that
   * `isPlaceholder` and `isEmpty` never read). The builder's, for prose (see
   * ModelBuilder.leaveProseInText); nothing else changes a value.
   */
  leaveInText(source: string): void {
    const kept = this.kept;
    if (kept === undefined || kept.length < LEFT_IN_TEXT_MIN_LENGTH || this.endOffset - this.startOffset !== kept.length) return;
    if (source.startsWith(kept, this.startOffset) && !isPlaceholderText(kept)) this.kept = undefined;
  }

  /**
   * Whether the value only stands in for one: empty, TODO, TBD… (`isPlaceholderText` of its text).
   * What the coverage criteria and the rules ask of every value of every file: answered without
   * reading a value the model does not keep (such a value is never a placeholder, see `text`).
   */
  get isPlaceholder(): boolean {
    const kept = this.kept;
    return kept !== undefined && isPlaceholderText(kept);
  }

  /** Whether the text is empty (answered, as `isPlaceholder`, without reading a value the model does not keep). */
  get isEmpty(): boolean {
    return this.kept === '';
  }

  get range(): OffsetRange {
    return this;
  }
}

/** A field of an item or document: its key and its value, with their exact ranges. */
export interface FieldValue {
  readonly key: string;
  /** Offsets of the key (YAML) or of the header cell (Markdown table): kept as numbers, as the range is rarely read. */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Range of the key (YAML) or of the header cell (Markdown table). */
  readonly keyRange: OffsetRange;
  /** Range of the whole value: the node (quotes included), or the cell's content. */
  readonly range: OffsetRange;
  /** Set when the value is one scalar. */
  readonly scalar?: ScalarValue;
  /** Set when the value is a list of scalars (a YAML sequence, or a comma-separated cell). */
  readonly list?: ScalarValue[];
  /** Set when the value is a mapping, or a list holding something other than scalars. */
  readonly structured?: boolean;
  /** The phase came from the nearest phase heading, not from the item itself. */
  readonly fromHeading?: boolean;
}

/**
 * A field whose value is one scalar spanning the whole value (a plain YAML scalar, a table
 * cell). It is the commonest field, so it is its own scalar: one object where there were two.
 */
export class ScalarField extends ScalarValue implements FieldValue {
  constructor(
    readonly key: string,
    readonly keyStart: number,
    readonly keyEnd: number,
    text: string,
    lines: LineIndex,
    start: number,
    end: number,
  ) {
    super(text, lines, start, end);
  }

  get scalar(): ScalarValue {
    return this;
  }

  get keyRange(): OffsetRange {
    return new OffsetRange(this.lines, this.keyStart, this.keyEnd);
  }
}

/** A requirement's phase taken from the nearest phase heading (Markdown), not from its row. */
export class HeadingPhaseField extends ScalarField {
  get fromHeading(): boolean {
    return true;
  }
}

/** A field that knows where its key and value are in the text; its ranges are made when asked for. */
abstract class SpannedField {
  constructor(
    readonly key: string,
    readonly keyStart: number,
    readonly keyEnd: number,
    private readonly lines: LineIndex,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get range(): OffsetRange {
    return new OffsetRange(this.lines, this.valueStart, this.valueEnd);
  }

  get keyRange(): OffsetRange {
    return new OffsetRange(this.lines, this.keyStart, this.keyEnd);
  }
}

/** Any other field: a mapping, a list holding more than scalars, an empty value, or a quoted or block scalar (whose value range holds the quotes). */
export class CompositeField extends SpannedField implements FieldValue {
  scalar?: ScalarValue;
  list?: ScalarValue[];
  structured?: boolean;
}

/**
 * A field whose value is a list of scalars (a YAML sequence of scalars, a comma-separated cell):
 * the commonest field after the plain scalar (a product line's threat and verification lists, 170,000
 * at 5,000 documents), so it has only the slots it uses, where a CompositeField has room for a
 * scalar and a mark of structure too (16 bytes of 96 per field).
 */
export class ListField extends SpannedField implements FieldValue {
  constructor(key: string, keyStart: number, keyEnd: number, lines: LineIndex, valueStart: number, valueEnd: number, readonly list: ScalarValue[]) {
    super(key, keyStart, keyEnd, lines, valueStart, valueEnd);
  }
}

/** Where new text can go: an offset into the file, and the indentation new lines take. */
export interface InsertPoint {
  offset: number;
  indent: string;
}

export interface ModelItem {
  readonly uri: string;
  readonly collection: CollectionName;
  readonly id?: ScalarValue;
  /** Range of the whole item (mapping or table row). */
  readonly range: OffsetRange;
  /** Where a finding about the item as a whole points: its id, else its first key. */
  readonly anchor: OffsetRange;
  readonly fields: Record<string, FieldValue>;
  /** Where a new field of this item goes; absent where no mechanical insertion is sensible. */
  readonly fieldInsert?: InsertPoint;
  /** 'evidence': an item of another tool's file (an SBOM's component), which no fix edits. */
  readonly form: 'yaml' | 'markdown' | 'evidence';
  /** The enclosing item, e.g. a lifecycle-plan phase for its activities. */
  readonly parent?: ModelItem;
}

/**
 * An item as the builder makes it. A class, so every property sits inside the object (properties
 * added to an object literal later spill into a second, per-object array), and the range and the
 * insert point are kept as offsets and made when read: a product line holds 100,000+ items.
 */
export class SourceItem implements ModelItem {
  id?: ScalarValue = undefined;
  readonly fields: Record<string, FieldValue> = new FieldRecord();
  /** Set when it differs from the range (see ModelItem.anchor). */
  private anchorRange: OffsetRange | undefined = undefined;
  /** Offset and column of a new field (see fieldInsert); -1 when there is no such place. */
  private insertOffset = -1;
  private insertColumn = 0;

  constructor(
    readonly uri: string,
    readonly collection: CollectionName,
    readonly form: 'yaml' | 'markdown' | 'evidence',
    readonly parent: ModelItem | undefined,
    private readonly lines: LineIndex,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}

  get range(): OffsetRange {
    return new OffsetRange(this.lines, this.startOffset, this.endOffset);
  }

  get anchor(): OffsetRange {
    return this.anchorRange ?? this.range;
  }

  set anchor(range: OffsetRange) {
    this.anchorRange = range.startOffset === this.startOffset && range.endOffset === this.endOffset ? undefined : range;
  }

  get fieldInsert(): InsertPoint | undefined {
    return this.insertOffset < 0 ? undefined : { offset: this.insertOffset, indent: spaces(this.insertColumn) };
  }

  setFieldInsert(offset: number, column: number): void {
    this.insertOffset = offset;
    this.insertColumn = column;
  }
}

export interface Collection {
  name: CollectionName;
  keyRange?: OffsetRange;
  items: ModelItem[];
  /** Where a new item goes, with the indentation of a new `- ` line. */
  append?: InsertPoint;
}

/** A value of the wrong type or shape: invalid-value reports these. */
export interface ShapeProblem {
  range: Range;
  message: string;
}

export interface ReferenceUse {
  readonly id: string;
  readonly range: OffsetRange;
  /** What the id must name. */
  readonly target: CollectionName;
  readonly item: ModelItem;
  readonly field: string;
}

/** Where a value of a reference list points: the collection its id must name, and the field it is in. */
export interface ReferenceTarget {
  target: CollectionName;
  field: string;
}

/** Set for a field whose values are references (its spec is `refs`): they are then made as ReferenceValue. */
export function referenceTarget(spec: FieldSpec | undefined, field: string): ReferenceTarget | undefined {
  return spec?.type === 'refs' ? { target: spec.target, field } : undefined;
}

/**
 * A value of a reference list (`threats: [TH-1]`) is its own reference: one object per value
 * where there were two, as a product line holds 100,000+ references.
 */
export class ReferenceValue extends ScalarValue implements ReferenceUse {
  /** Set once the item is built (the list is read before its item is complete). */
  item: ModelItem = undefined as unknown as ModelItem;

  constructor(
    text: string,
    lines: LineIndex,
    start: number,
    end: number,
    readonly target: CollectionName,
    readonly field: string,
  ) {
    super(text, lines, start, end);
  }

  get id(): string {
    return this.text;
  }
}

export interface ModelDocument {
  uri: string;
  /** A security document's kind, or an evidence file's (an SBOM…): see evidence/types.ts. */
  kind: ModelKind;
  parsed: ParsedDocument;
  fields: Record<string, FieldValue>;
  collections: Partial<Record<CollectionName, Collection>>;
  /** Every item, in document order. */
  items: ModelItem[];
  references: ReferenceUse[];
  shapeProblems: ShapeProblem[];
  /** Range of the `kind` value: where document-level findings point when nothing better exists. */
  kindRange: OffsetRange;
  /** Where a new top-level key goes (end of the YAML, or end of the front matter). */
  topLevelInsert: InsertPoint;
}

/** A document's model with nothing read into it yet: what the YAML/Markdown builder and the evidence reader both start from. */
export function emptyModel(parsed: ModelDocument['parsed'], kind: ModelDocument['kind'], topLevelInsert: InsertPoint): ModelDocument {
  return {
    uri: parsed.source.uri,
    kind,
    parsed,
    fields: new FieldRecord(),
    collections: {},
    items: [],
    references: [],
    shapeProblems: [],
    kindRange: parsed.lines.offsetRange(0, 0),
    topLevelInsert,
  };
}

/**
 * The fields of an item or document, by key: an ordinary object, made by a class because V8 sizes
 * a class's objects by the properties its first objects received, where an object literal gets
 * room for four and keeps the rest in a second, per-object array (most items have five or more).
 */
export class FieldRecord {
  [key: string]: FieldValue;
}

/**
 * Stores a field by key. A key named `__proto__` would set the record's prototype instead of
 * adding a field, so it is defined as an own property. (A record without a prototype would avoid
 * this too, but V8 keeps such objects as hash tables: several times the memory of a field record.)
 */
export function setField(record: Record<string, FieldValue>, key: string, field: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value: field, enumerable: true, writable: true, configurable: true });
  else record[key] = field;
}

/** Indentation of n spaces; every item keeps one, and most share a few widths. */
const SPACES: string[] = [];
function spaces(n: number): string {
  if (n >= 64) return ' '.repeat(n);
  return (SPACES[n] ??= ' '.repeat(n));
}

/** The text of a field as one scalar ('' when absent or empty). */
export function fieldText(item: { fields: Record<string, FieldValue> }, key: string): string {
  return item.fields[key]?.scalar?.text ?? '';
}

/** The values of a list field ([] when absent). */
export function fieldList(item: { fields: Record<string, FieldValue> }, key: string): ScalarValue[] {
  return item.fields[key]?.list ?? [];
}
