// What the YAML reader (modelYaml.ts) and the Markdown table reader (modelMarkdown.ts) share while
// they build one document's model: the model being filled, how values are made (interned, copied
// when the host frees file texts) and the shape checks a value gets wherever it was written.
import type { DocumentKind } from './catalog';
import type { ParsedDocument } from './document';
import { ModelStrings } from './modelStrings';
import { reviewStampOf } from './reviewStamp';
import { emptyModel, ReferenceValue, ScalarValue, type Collection, type FieldValue, type ModelDocument, type ModelItem, type ReferenceTarget } from './modelValues';
import { COMMON_FIELDS, ITEM_FIELDS, KIND_SHAPES, specOf, type CollectionName, type FieldSpec } from './schema';
import { detached, type LineIndex } from './text';
import type { Range } from './types';

export interface ModelOptions {
  /**
   * Keep copies of the values, not slices of the file's text. V8 keeps a slice of 13 or more
   * characters as a pointer into the whole text, so a host that frees a file's text once its model
   * is built (the server packs the text of closed files: `keepTextIn`) needs copies; the CLI keeps
   * every text until it exits, and slicing costs less time (copying adds a quarter to the time to
   * build the models: 145 → 180 ms for 1,500 files).
   */
  copyValues?: boolean;
  /**
   * The table of shared strings (field names, short values) to intern into. Whoever builds many
   * models passes one (the workspace index owns one); without it, a model interns on its own.
   */
  strings?: ModelStrings;
  /**
   * The id prefix of each Threat Dragon model's threats (`.clause-guide.yaml` threatDragonPrefixes),
   * by the model's uri; undefined keeps `TD-`. Set by the index (WorkspaceIndex.setThreatDragonPrefixes).
   */
  threatDragonPrefix?: (uri: string) => string | undefined;
}

/** The collections with a prose field (see ModelBuilder.leaveProseInText). */
const PROSE_COLLECTIONS = new Set(Object.entries(ITEM_FIELDS).flatMap(([name, specs]) => (Object.values(specs).some((spec) => 'prose' in spec) ? [name] : [])));

/** Field types whose value is a list. */
export const LIST_TYPES = new Set<FieldSpec['type']>(['refs', 'list', 'clauses', 'layers']);

export class ModelBuilder {
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly model: ModelDocument;
  private readonly strings: ModelStrings;
  private readonly copyValues: boolean;

  constructor(
    readonly parsed: ParsedDocument,
    kind: DocumentKind,
    options: ModelOptions,
  ) {
    this.uri = parsed.source.uri;
    this.text = parsed.source.text;
    this.lines = parsed.lines;
    this.strings = options.strings ?? new ModelStrings();
    this.copyValues = options.copyValues === true;
    const yamlEnd = parsed.yamlRange ? parsed.yamlOffset + parsed.yamlRange[1] : 0;
    this.model = emptyModel(parsed, kind, { offset: this.lineEndOffset(Math.max(parsed.yamlOffset, yamlEnd - 1)), indent: '' });
  }

  /** The collection of the model by that name, made when first needed. */
  collection(name: CollectionName): Collection {
    return (this.model.collections[name] ??= { name, items: [] });
  }

  /** Adds a built item to its collection and to the model, and its references to the model's. */
  addItem(collection: Collection, item: ModelItem): void {
    collection.items.push(item);
    this.model.items.push(item);
    this.collectReferences(item);
  }

  /** A scalar value (a reference when its field holds references). */
  scalar(written: string, start: number, end: number, reference?: ReferenceTarget): ScalarValue {
    const text = this.value(written);
    if (reference) return new ReferenceValue(text, this.lines, start, end, reference.target, reference.field);
    return new ScalarValue(text, this.lines, start, end);
  }

  /** A value's text as the model keeps it: interned, and a copy when the host frees file texts (see ModelOptions). */
  value(text: string): string {
    return this.strings.value(this.copyValues ? detached(text) : text);
  }

  /**
   * Leaves the prose of the model's items in the document's text (FieldSpec `prose`: a requirement's
   * text), when the host frees file texts: a value then reads it from there when asked
   * (ScalarValue.leaveInText). A product line's requirement texts were a twentieth of the server's
   * memory, and no rule reads them on an analysis beyond "filled, not a placeholder", which the
   * value answers without reading. A review's fingerprint hashes the content of the items it
   * covers: an item or a document that records a review keeps its prose; an item one links to is
   * read when first fingerprinted (once per file version: fingerprints are kept per model object).
   */
  leaveProseInText(): void {
    if (!this.copyValues || reviewStampOf(this.model.fields)) return;
    for (const item of this.model.items) {
      const specs = ITEM_FIELDS[item.collection];
      if (!PROSE_COLLECTIONS.has(item.collection) || reviewStampOf(item.fields)) continue;
      for (const key in item.fields) {
        const spec = specOf(specs, key);
        if (spec && 'prose' in spec) item.fields[key].scalar?.leaveInText(this.text);
      }
    }
  }

  /** A key's field name (see ModelStrings.key). */
  key(written: string): string {
    return this.strings.key(written);
  }

  /** Wrong shapes the model can see on its own: a scalar where a list belongs, a list for an id, a number for an id. */
  checkShape(field: FieldValue, spec: FieldSpec | undefined): void {
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

  /** The spec of a document's top-level field. */
  topLevelSpec(key: string): FieldSpec | undefined {
    return specOf(KIND_SHAPES[this.model.kind].fields, key) ?? specOf(COMMON_FIELDS, key);
  }

  problem(range: Range, message: string): void {
    this.model.shapeProblems.push({ range, message });
  }

  lineEndOffset(offset: number): number {
    return this.lines.lineEnd(this.lines.positionAt(Math.max(0, offset)).line);
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
}
