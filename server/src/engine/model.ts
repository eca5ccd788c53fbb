// One document model for both forms of the security file: YAML documents and Markdown documents
// (front matter + tables whose first header cell is `ID`). Every item and field keeps its exact
// range, so a finding points at the offending key, value or cell.
import { isMap, isScalar, isSeq, Scalar as YamlScalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DocumentKind } from './catalog';
import type { ParsedDocument } from './document';
import {
  COMMON_FIELDS,
  ITEM_FIELDS,
  KIND_SHAPES,
  REQUIREMENT_PHASES,
  collectionKey,
  fieldName,
  specOf,
  type CollectionName,
  type FieldSpec,
} from './schema';
import { detached, OffsetRange, type LineIndex } from './text';
import type { Range } from './types';
import { isEmptyScalar } from './yamlParse';

/**
 * A scalar as written (quotes removed), with its exact range. It is its own range: the model holds
 * one per value, so one object instead of a value and a range keeps the index small.
 */
export class ScalarValue extends OffsetRange {
  // Assigned, not a class field: see OffsetRange.
  declare readonly text: string;

  constructor(text: string, lines: LineIndex, start: number, end: number) {
    super(lines, start, end);
    (this as { text: string }).text = intern(text);
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
class ScalarField extends ScalarValue implements FieldValue {
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
class HeadingPhaseField extends ScalarField {
  get fromHeading(): boolean {
    return true;
  }
}

/** Any other field: a list, a mapping, an empty value, or a quoted or block scalar (whose value range holds the quotes). */
class CompositeField implements FieldValue {
  scalar?: ScalarValue;
  list?: ScalarValue[];
  structured?: boolean;

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
  readonly form: 'yaml' | 'markdown';
  /** The enclosing item, e.g. a lifecycle-plan phase for its activities. */
  readonly parent?: ModelItem;
}

/**
 * An item as the builder makes it. A class, so every property sits inside the object (properties
 * added to an object literal later spill into a second, per-object array), and the range and the
 * insert point are kept as offsets and made when read: a product line holds 100,000+ items.
 */
class SourceItem implements ModelItem {
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
    readonly form: 'yaml' | 'markdown',
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
interface ReferenceTarget {
  target: CollectionName;
  field: string;
}

/** Set for a field whose values are references (its spec is `refs`): they are then made as ReferenceValue. */
function referenceTarget(spec: FieldSpec | undefined, field: string): ReferenceTarget | undefined {
  return spec?.type === 'refs' ? { target: spec.target, field } : undefined;
}

/**
 * A value of a reference list (`threats: [TH-1]`) is its own reference: one object per value
 * where there were two, as a product line holds 100,000+ references.
 */
class ReferenceValue extends ScalarValue implements ReferenceUse {
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
  kind: DocumentKind;
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

export interface ModelOptions {
  /**
   * Keep copies of the values, not slices of the file's text. V8 keeps a slice of 13 or more
   * characters as a pointer into the whole text, so a host that frees a file's text once its model
   * is built (the server packs the text of closed files: `keepTextIn`) needs copies; the CLI keeps
   * every text until it exits, and slicing costs less time (copying adds a quarter to the time to
   * build the models: 145 → 180 ms for 1,500 files).
   */
  copyValues?: boolean;
}

/** Builds the model of a security document; null when the file is not one. */
export function buildModel(parsed: ParsedDocument, options: ModelOptions = {}): ModelDocument | null {
  if (!parsed.documentKind) return null;
  const builder = new ModelBuilder(parsed, parsed.documentKind, options);
  return builder.build();
}

class ModelBuilder {
  private readonly uri: string;
  private readonly text: string;
  private readonly model: ModelDocument;

  constructor(
    private readonly parsed: ParsedDocument,
    kind: DocumentKind,
    private readonly options: ModelOptions,
  ) {
    this.uri = parsed.source.uri;
    this.text = parsed.source.text;
    const yamlEnd = parsed.yamlRange ? parsed.yamlOffset + parsed.yamlRange[1] : 0;
    this.model = {
      uri: this.uri,
      kind,
      parsed,
      fields: new FieldRecord(),
      collections: {},
      items: [],
      references: [],
      shapeProblems: [],
      kindRange: parsed.lines.offsetRange(0, 0),
      topLevelInsert: { offset: this.lineEndOffset(Math.max(parsed.yamlOffset, yamlEnd - 1)), indent: '' },
    };
  }

  build(): ModelDocument {
    const root = this.parsed.yaml?.contents;
    if (isMap(root)) this.readTopLevel(root);
    if (this.parsed.format === 'markdown') this.readMarkdownTables();
    this.model.items.sort((a, b) => (a as SourceItem).startOffset - (b as SourceItem).startOffset);
    return this.model;
  }

  // ---- YAML ----------------------------------------------------------------------------------

  private readTopLevel(root: YAMLMap) {
    const shape = KIND_SHAPES[this.model.kind];
    for (const pair of root.items) {
      const key = this.keyOf(pair);
      if (!key) continue;
      if (key.text === 'kind' && isScalar(pair.value)) this.model.kindRange = this.nodeRange(pair.value);
      if ((shape.collections as string[]).includes(key.text)) {
        this.readCollection(key.text as CollectionName, pair, undefined);
      } else {
        setField(this.model.fields, key.text, this.fieldOf(key, pair.value as Node | null));
      }
    }
  }

  private readCollection(name: CollectionName, pair: Pair, parent: ModelItem | undefined) {
    const keyRange = this.nodeRange(pair.key as Node);
    const collection: Collection = this.model.collections[name] ?? { name, keyRange, items: [] };
    this.model.collections[name] = collection;
    const value = pair.value as Node | null;
    if (value === null || isEmptyScalar(value)) {
      collection.append ??= { offset: this.lineEndOffset(keyRange.endOffset), indent: this.indentOfLine(keyRange.start.line) + '  ' };
      return;
    }
    if (!isSeq(value)) {
      this.problem(this.nodeRange(value), `\`${collectionKey(name)}\` must be a list of items.`);
      return;
    }
    const seq = value as YAMLSeq;
    if (!seq.flow && seq.items.length > 0) {
      const last = seq.items[seq.items.length - 1] as Node;
      const firstRange = (seq.items[0] as Node).range;
      collection.append = {
        offset: this.lineEndOffset(this.yamlOffset(last.range![1]) - 1),
        indent: firstRange ? this.indentBeforeDash(this.yamlOffset(firstRange[0])) : '  ',
      };
    } else if (seq.items.length === 0 && !seq.flow) {
      collection.append = { offset: this.lineEndOffset(keyRange.endOffset), indent: this.indentOfLine(keyRange.start.line) + '  ' };
    }
    for (const node of seq.items) {
      if (!isMap(node)) {
        this.problem(this.nodeRange(node as Node), `Each item of \`${collectionKey(name)}\` must be a mapping of fields (e.g. \`- id: …\`).`);
        continue;
      }
      this.readItem(name, node as YAMLMap, parent, collection);
    }
  }

  private readItem(name: CollectionName, map: YAMLMap, parent: ModelItem | undefined, collection: Collection) {
    const [start, end] = this.nodeOffsets(map);
    const item = new SourceItem(this.uri, name, 'yaml', parent, this.parsed.lines, start, end);
    const specs = ITEM_FIELDS[name];
    const nested: Pair[] = [];
    for (const pair of map.items) {
      const key = this.keyOf(pair);
      if (!key) continue;
      if (name === 'phases' && key.text === 'activities') {
        nested.push(pair);
        continue;
      }
      setField(item.fields, key.text, this.fieldOf(key, pair.value as Node | null, specOf(specs, key.text)));
    }
    const idField = item.fields.id;
    if (idField?.scalar && idField.scalar.text) item.id = idField.scalar;
    if (item.id) item.anchor = item.id.range;
    else if (map.items[0]) item.anchor = this.nodeRange(map.items[0].key as Node);
    if (!map.flow && map.items.length) {
      const firstKey = map.items[0].key as Node;
      item.setFieldInsert(this.lineEndOffset(this.yamlOffset(map.range![1]) - 1), this.parsed.lines.positionAt(this.yamlOffset(firstKey.range![0])).character);
    }
    collection.items.push(item);
    this.model.items.push(item);
    this.collectReferences(item);
    for (const pair of nested) this.readCollection('plan-activities', pair, item);
  }

  private fieldOf(key: FieldKey, value: Node | null, spec?: FieldSpec): FieldValue {
    const { text, start, end } = key;
    const lines = this.parsed.lines;
    let field: FieldValue;
    if (value === null || value === undefined) {
      const empty = new CompositeField(text, start, end, lines, start, end);
      empty.scalar = this.scalar('', end, end);
      field = empty;
    } else if (isScalar(value) && value.type === YamlScalar.PLAIN && value.range) {
      const from = this.yamlOffset(value.range[0]);
      const to = this.yamlOffset(value.range[1]);
      field = new ScalarField(text, start, end, this.kept(this.plainText(from, to)), lines, from, to);
    } else {
      const [from, to] = this.nodeOffsets(value);
      const composite = new CompositeField(text, start, end, lines, from, to);
      if (isScalar(value)) {
        composite.scalar = this.scalarOf(value);
      } else if (isSeq(value)) {
        const scalars = value.items.filter((node) => isScalar(node)) as YamlScalar[];
        const reference = referenceTarget(spec, text);
        composite.list = scalars.map((node) => this.scalarOf(node, reference));
        if (scalars.length !== value.items.length) composite.structured = true;
      } else {
        composite.structured = true;
      }
      field = composite;
    }
    this.checkShape(field, spec ?? topLevelSpec(this.model.kind, text));
    return field;
  }

  /** Wrong shapes the model can see on its own: a scalar where a list belongs, a list for an id, a number for an id. */
  private checkShape(field: FieldValue, spec: FieldSpec | undefined) {
    if (!spec) return;
    if (LIST_TYPES.has(spec.type)) {
      if (field.scalar && field.scalar.text !== '') {
        this.problem(field.range, `\`${field.key}\` must be a list, e.g. \`${field.key}: [${field.scalar.text}]\`.`);
      } else if (field.structured) {
        this.problem(field.range, `\`${field.key}\` must be a list of plain values.`);
      }
    } else if (field.list || field.structured) {
      this.problem(field.range, `\`${field.key}\` must be a single value, not a ${field.list ? 'list' : 'mapping'}.`);
    } else if (spec.type === 'id' && field.scalar && field.scalar.text && !/^[A-Za-z]/.test(field.scalar.text)) {
      this.problem(field.range, `Id \`${field.scalar.text}\` must start with a letter (e.g. \`SR-${field.scalar.text}\`), so it cannot be mistaken for a number.`);
    }
  }

  /** The item's references: the values of its refs fields, made as ReferenceValue (see referenceTarget). */
  private collectReferences(item: ModelItem) {
    for (const key in item.fields) {
      for (const value of item.fields[key].list ?? []) {
        if (value.text && value instanceof ReferenceValue) {
          value.item = item;
          this.model.references.push(value);
        }
      }
    }
  }

  private keyOf(pair: Pair): FieldKey | undefined {
    if (!isScalar(pair.key)) return undefined;
    const text = keyName(String((pair.key as YamlScalar).value));
    const [start, end] = this.nodeOffsets(pair.key as Node);
    return { text, start, end };
  }

  private scalarOf(node: YamlScalar, reference?: ReferenceTarget): ScalarValue {
    const [start, valueEnd] = node.range!;
    const from = this.yamlOffset(start);
    const to = this.yamlOffset(valueEnd);
    if (node.type === YamlScalar.QUOTE_DOUBLE || node.type === YamlScalar.QUOTE_SINGLE) {
      const value = String(node.value ?? '');
      // Most quoted values hold no escapes or folds: then the text is a slice of the file, which costs less than a copy.
      const written = this.text.slice(from + 1, to - 1);
      return this.scalar(written === value ? written : value, from + 1, Math.max(from + 1, to - 1), reference);
    }
    if (node.type === YamlScalar.PLAIN) {
      return this.scalar(this.plainText(from, to), from, to, reference);
    }
    return this.scalar(node.value === null || node.value === undefined ? '' : String(node.value).trim(), from, to, reference);
  }

  private nodeRange(node: Node | null | undefined): OffsetRange {
    const [start, end] = this.nodeOffsets(node);
    return this.parsed.lines.offsetRange(start, end);
  }

  /** Where a node starts and ends in the file (0, 0 for a node the parser made up). */
  private nodeOffsets(node: Node | null | undefined): [number, number] {
    const range = node?.range;
    return range ? [this.yamlOffset(range[0]), this.yamlOffset(range[1])] : [0, 0];
  }

  // ---- Markdown ------------------------------------------------------------------------------

  private readMarkdownTables() {
    const lines = this.parsed.lines;
    const headings: { level: number; text: string; range: OffsetRange }[] = [];
    let inFence = false;
    const firstBodyLine = this.parsed.yamlRange ? lines.positionAt(this.parsed.yamlOffset + this.parsed.yamlRange[2]).line + 1 : 0;
    for (let line = firstBodyLine; line < lines.lineCount; line++) {
      const text = lines.lineText(line);
      if (/^\s*(```|~~~)/.test(text)) inFence = !inFence;
      if (inFence) continue;
      const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(text);
      if (heading) {
        while (headings.length && headings[headings.length - 1].level >= heading[1].length) headings.pop();
        const start = lines.offsetAt({ line, character: text.indexOf(heading[2]) });
        headings.push({ level: heading[1].length, text: heading[2], range: lines.offsetRange(start, start + heading[2].length) });
        continue;
      }
      const header = this.tableCells(line);
      if (!header?.length || fieldName(header[0].text) !== 'id' || !this.isSeparatorRow(line + 1)) continue;
      const names = header.map((cell) => keyName(cell.text));
      const collection = this.tableCollection(names, headings.map((h) => h.text));
      if (!collection) continue;
      const phaseHeading = [...headings].reverse().find((h) => (REQUIREMENT_PHASES as readonly string[]).includes(h.text.trim().toLowerCase()));
      let row = line + 2;
      for (; row < lines.lineCount; row++) {
        const cells = this.tableCells(row);
        if (!cells) break;
        this.readRow(collection, names, header, cells, row, phaseHeading);
      }
      const target = (this.model.collections[collection] ??= { name: collection, items: [] });
      target.append = { offset: lines.lineEnd(row - 1), indent: '' };
      line = row - 1;
    }
  }

  /** Which collection a table holds: the kind's only one; else the one its columns fit best; on a tie, the nearest heading. */
  private tableCollection(columns: string[], headingTexts: string[]): CollectionName | undefined {
    if (this.model.kind === 'lifecycle-plan') return 'plan-activities';
    const candidates = KIND_SHAPES[this.model.kind].collections;
    if (candidates.length === 1) return candidates[0];
    const score = (name: CollectionName) => columns.filter((column) => column !== 'id' && column in ITEM_FIELDS[name]).length;
    const best = Math.max(...candidates.map(score));
    const fitting = candidates.filter((name) => score(name) === best);
    if (fitting.length === 1 && best > 0) return fitting[0];
    for (const heading of [...headingTexts].reverse()) {
      const words = fieldName(heading);
      const named = fitting.find((name) => words.includes(name === 'boundaries' ? 'boundar' : name.replace(/s$/, '')));
      if (named) return named;
    }
    return fitting[0];
  }

  private readRow(
    collection: CollectionName,
    names: string[],
    header: CellText[],
    cells: CellText[],
    line: number,
    phaseHeading: { text: string; range: OffsetRange } | undefined,
  ) {
    const lines = this.parsed.lines;
    const item = new SourceItem(this.uri, collection, 'markdown', undefined, lines, lines.offsetAt({ line, character: 0 }), lines.lineEnd(line));
    const specs = ITEM_FIELDS[collection];
    names.forEach((name, column) => {
      const cell = cells[column];
      if (!cell) return;
      const spec = specOf(specs, name);
      const isList = spec && LIST_TYPES.has(spec.type);
      const keyCell = header[column].range;
      let field: FieldValue;
      if (isList) {
        const list = new CompositeField(name, keyCell.startOffset, keyCell.endOffset, lines, cell.range.startOffset, cell.range.endOffset);
        list.list = this.splitCell(cell, referenceTarget(spec, name));
        field = list;
      } else {
        field = new ScalarField(name, keyCell.startOffset, keyCell.endOffset, this.kept(cell.text), lines, cell.range.startOffset, cell.range.endOffset);
      }
      if (name === 'id' && cell.text) item.id = field.scalar;
      setField(item.fields, name, field);
    });
    if (collection === 'requirements' && !item.fields.phase?.scalar?.text && phaseHeading) {
      const phase = phaseHeading.text.trim().toLowerCase();
      const { startOffset, endOffset } = phaseHeading.range;
      item.fields.phase = new HeadingPhaseField('phase', startOffset, endOffset, this.kept(phase), lines, startOffset, endOffset);
    }
    const anchor = item.id?.range ?? cells[0]?.range;
    if (anchor) item.anchor = anchor;
    this.model.collections[collection] ??= { name: collection, items: [] };
    this.model.collections[collection]!.items.push(item);
    this.model.items.push(item);
    this.collectReferences(item);
  }

  private tableCells(line: number): CellText[] | undefined {
    const text = this.parsed.lines.lineText(line);
    if (!/^\s*\|/.test(text)) return undefined;
    const lineStart = this.parsed.lines.offsetAt({ line, character: 0 });
    const cells: CellText[] = [];
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
        cells.push({ text: content.replace(/\\\|/g, '|'), range: this.parsed.lines.offsetRange(lineStart + start, lineStart + start + content.length) });
        cellStart = i + 1;
      }
    }
    return cells;
  }

  private isSeparatorRow(line: number): boolean {
    return line < this.parsed.lines.lineCount && /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(this.parsed.lines.lineText(line));
  }

  private splitCell(cell: CellText, reference?: ReferenceTarget): ScalarValue[] {
    const values: ScalarValue[] = [];
    const cellStart = cell.range.startOffset;
    for (const match of cell.text.matchAll(/[^,]+/g)) {
      const value = match[0].trim();
      if (!value) continue;
      const start = cellStart + match.index! + match[0].indexOf(value);
      values.push(this.scalar(value, start, start + value.length, reference));
    }
    return values;
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A plain scalar's text as written: YAML would read 7.10 as 7.1 and 007 as 7. */
  private plainText(from: number, to: number): string {
    return this.text.slice(from, to).trim();
  }

  private scalar(written: string, start: number, end: number, reference?: ReferenceTarget): ScalarValue {
    const text = this.kept(written);
    if (reference) return new ReferenceValue(text, this.parsed.lines, start, end, reference.target, reference.field);
    return new ScalarValue(text, this.parsed.lines, start, end);
  }

  /** A value's text as the model keeps it: a copy when the host frees file texts (see ModelOptions). */
  private kept(text: string): string {
    return this.options.copyValues ? detached(text) : text;
  }

  private problem(range: Range, message: string) {
    this.model.shapeProblems.push({ range, message });
  }

  private yamlOffset(offset: number): number {
    return this.parsed.yamlOffset + offset;
  }

  private lineEndOffset(offset: number): number {
    return this.parsed.lines.lineEnd(this.parsed.lines.positionAt(Math.max(0, offset)).line);
  }

  private indentOfLine(line: number): string {
    return /^\s*/.exec(this.parsed.lines.lineText(line))![0];
  }

  private indentBeforeDash(itemOffset: number): string {
    const { line } = this.parsed.lines.positionAt(itemOffset);
    return /^(\s*)-?/.exec(this.parsed.lines.lineText(line))![1];
  }
}

/** Keys repeat in every item: one string per distinct key, not one per field; copies, as the table outlives the files (see `detached`). */
const KEY_NAMES = new Map<string, string>();

function keyName(written: string): string {
  let name = KEY_NAMES.get(written);
  if (name === undefined) {
    name = detached(fieldName(written));
    if (KEY_NAMES.size < 10_000) KEY_NAMES.set(detached(written), name);
  }
  return name;
}

/**
 * The fields of an item or document, by key: an ordinary object, made by a class because V8 sizes
 * a class's objects by the properties its first objects received, where an object literal gets
 * room for four and keeps the rest in a second, per-object array (most items have five or more).
 */
class FieldRecord {
  [key: string]: FieldValue;
}

/**
 * Short values repeat: a threat id in every requirement and control that cites it, the same
 * phases, levels and clause numbers in every item. V8 copies a short slice of the file, so each
 * repeat was its own string: 300,000 copies in a product line of 5,000 documents. Files are read
 * folder by folder, so a bounded table, emptied when full, still finds most repeats.
 */
const INTERNED = new Map<string, string>();
const INTERNED_MAX_LENGTH = 12;
const INTERNED_CAPACITY = 20_000;

function intern(text: string): string {
  if (text.length > INTERNED_MAX_LENGTH) return text;
  const known = INTERNED.get(text);
  if (known !== undefined) return known;
  if (INTERNED.size >= INTERNED_CAPACITY) INTERNED.clear();
  INTERNED.set(text, text);
  return text;
}

/**
 * Stores a field by key. A key named `__proto__` would set the record's prototype instead of
 * adding a field, so it is defined as an own property. (A record without a prototype would avoid
 * this too, but V8 keeps such objects as hash tables: several times the memory of a field record.)
 */
function setField(record: Record<string, FieldValue>, key: string, field: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value: field, enumerable: true, writable: true, configurable: true });
  else record[key] = field;
}
const LIST_TYPES = new Set<FieldSpec['type']>(['refs', 'list', 'clauses', 'layers']);

/** Indentation of n spaces; every item keeps one, and most share a few widths. */
const SPACES: string[] = [];
function spaces(n: number): string {
  if (n >= 64) return ' '.repeat(n);
  return (SPACES[n] ??= ' '.repeat(n));
}

/** A YAML key as the model reads it: its field name and where it is written. */
interface FieldKey {
  text: string;
  start: number;
  end: number;
}

interface CellText {
  text: string;
  range: OffsetRange;
}

function topLevelSpec(kind: DocumentKind, key: string): FieldSpec | undefined {
  return specOf(KIND_SHAPES[kind].fields, key) ?? specOf(COMMON_FIELDS, key);
}

/** The text of a field as one scalar ('' when absent or empty). */
export function fieldText(item: { fields: Record<string, FieldValue> }, key: string): string {
  return item.fields[key]?.scalar?.text ?? '';
}

/** The values of a list field ([] when absent). */
export function fieldList(item: { fields: Record<string, FieldValue> }, key: string): ScalarValue[] {
  return item.fields[key]?.list ?? [];
}
