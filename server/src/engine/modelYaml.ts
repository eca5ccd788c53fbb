// The YAML half of the model: a YAML document, or a Markdown document's front matter, read into
// fields, collections and items with the exact range of every key and value.
import { isMap, isScalar, isSeq, Scalar as YamlScalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ModelBuilder } from './modelBuilder';
import { CompositeField, ListField, referenceTarget, ScalarField, setField, SourceItem, type Collection, type FieldValue, type ModelItem, type ReferenceTarget, type ScalarValue } from './modelValues';
import { collectionKey, ITEM_FIELDS, KIND_SHAPES, specOf, type CollectionName, type FieldSpec } from './schema';
import type { LineIndex, OffsetRange } from './text';
import { isEmptyScalar } from './yamlParse';

/** Reads the top-level mapping of the document's YAML into the model. */
export function readYamlModel(builder: ModelBuilder, root: YAMLMap): void {
  new YamlReader(builder).readTopLevel(root);
}

/** A YAML key as the model reads it: its field name and where it is written. */
interface FieldKey {
  text: string;
  start: number;
  end: number;
}

class YamlReader {
  private readonly text: string;
  private readonly lines: LineIndex;
  private readonly yamlOffset: number;

  constructor(private readonly builder: ModelBuilder) {
    this.text = builder.text;
    this.lines = builder.lines;
    this.yamlOffset = builder.parsed.yamlOffset;
  }

  readTopLevel(root: YAMLMap) {
    const model = this.builder.model;
    const shape = KIND_SHAPES[model.kind];
    for (const pair of root.items) {
      const key = this.keyOf(pair);
      if (!key) continue;
      if (key.text === 'kind' && isScalar(pair.value)) model.kindRange = this.nodeRange(pair.value);
      if ((shape.collections as string[]).includes(key.text)) {
        this.readCollection(key.text as CollectionName, pair, undefined);
      } else {
        setField(model.fields, key.text, this.fieldOf(key, pair.value as Node | null));
      }
    }
  }

  private readCollection(name: CollectionName, pair: Pair, parent: ModelItem | undefined) {
    const keyRange = this.nodeRange(pair.key as Node);
    const model = this.builder.model;
    const collection: Collection = model.collections[name] ?? { name, keyRange, items: [] };
    model.collections[name] = collection;
    const value = pair.value as Node | null;
    if (value === null || isEmptyScalar(value)) {
      collection.append ??= { offset: this.builder.lineEndOffset(keyRange.endOffset), indent: this.indentOfLine(keyRange.start.line) + '  ' };
      return;
    }
    if (!isSeq(value)) {
      this.builder.problem(this.nodeRange(value), `\`${collectionKey(name)}\` must be a list of items.`);
      return;
    }
    const seq = value as YAMLSeq;
    if (!seq.flow && seq.items.length > 0) {
      const last = seq.items[seq.items.length - 1] as Node;
      const firstRange = (seq.items[0] as Node).range;
      collection.append = {
        offset: this.builder.lineEndOffset(this.offset(last.range![1]) - 1),
        indent: firstRange ? this.indentBeforeDash(this.offset(firstRange[0])) : '  ',
      };
    } else if (seq.items.length === 0 && !seq.flow) {
      collection.append = { offset: this.builder.lineEndOffset(keyRange.endOffset), indent: this.indentOfLine(keyRange.start.line) + '  ' };
    }
    for (const node of seq.items) {
      if (!isMap(node)) {
        this.builder.problem(this.nodeRange(node as Node), `Each item of \`${collectionKey(name)}\` must be a mapping of fields (e.g. \`- id: …\`).`);
        continue;
      }
      this.readItem(name, node as YAMLMap, parent, collection);
    }
  }

  private readItem(name: CollectionName, map: YAMLMap, parent: ModelItem | undefined, collection: Collection) {
    const [start, end] = this.nodeOffsets(map);
    const item = new SourceItem(this.builder.uri, name, 'yaml', parent, this.lines, start, end);
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
      item.setFieldInsert(this.builder.lineEndOffset(this.offset(map.range![1]) - 1), this.lines.positionAt(this.offset(firstKey.range![0])).character);
    }
    this.builder.addItem(collection, item);
    for (const pair of nested) this.readCollection('plan-activities', pair, item);
  }

  private fieldOf(key: FieldKey, value: Node | null, spec?: FieldSpec): FieldValue {
    const { text, start, end } = key;
    const lines = this.lines;
    let field: FieldValue;
    if (value === null || value === undefined) {
      const empty = new CompositeField(text, start, end, lines, start, end);
      empty.scalar = this.builder.scalar('', end, end);
      field = empty;
    } else if (isScalar(value) && value.type === YamlScalar.PLAIN && value.range) {
      const from = this.offset(value.range[0]);
      const to = this.offset(value.range[1]);
      field = new ScalarField(text, start, end, this.builder.value(this.plainText(from, to)), lines, from, to);
    } else {
      const [from, to] = this.nodeOffsets(value);
      const scalars = isSeq(value) ? (value.items.filter((node) => isScalar(node)) as YamlScalar[]) : [];
      const reference = referenceTarget(spec, text);
      if (isSeq(value) && scalars.length === value.items.length) {
        field = new ListField(text, start, end, lines, from, to, scalars.map((node) => this.scalarOf(node, reference)));
      } else {
        const composite = new CompositeField(text, start, end, lines, from, to);
        if (isScalar(value)) {
          composite.scalar = this.scalarOf(value);
        } else if (isSeq(value)) {
          composite.list = scalars.map((node) => this.scalarOf(node, reference));
          composite.structured = true;
        } else {
          composite.structured = true;
        }
        field = composite;
      }
    }
    this.builder.checkShape(field, spec ?? this.builder.topLevelSpec(text));
    return field;
  }

  private keyOf(pair: Pair): FieldKey | undefined {
    if (!isScalar(pair.key)) return undefined;
    const text = this.builder.key(String((pair.key as YamlScalar).value));
    const [start, end] = this.nodeOffsets(pair.key as Node);
    return { text, start, end };
  }

  private scalarOf(node: YamlScalar, reference?: ReferenceTarget): ScalarValue {
    const [start, valueEnd] = node.range!;
    const from = this.offset(start);
    const to = this.offset(valueEnd);
    if (node.type === YamlScalar.QUOTE_DOUBLE || node.type === YamlScalar.QUOTE_SINGLE) {
      const value = String(node.value ?? '');
      // Most quoted values hold no escapes or folds: then the text is a slice of the file, which costs less than a copy.
      const written = this.text.slice(from + 1, to - 1);
      return this.builder.scalar(written === value ? written : value, from + 1, Math.max(from + 1, to - 1), reference);
    }
    if (node.type === YamlScalar.PLAIN) {
      return this.builder.scalar(this.plainText(from, to), from, to, reference);
    }
    return this.builder.scalar(node.value === null || node.value === undefined ? '' : String(node.value).trim(), from, to, reference);
  }

  /** A plain scalar's text as written: YAML would read 7.10 as 7.1 and 007 as 7. */
  private plainText(from: number, to: number): string {
    return this.text.slice(from, to).trim();
  }

  private nodeRange(node: Node | null | undefined): OffsetRange {
    const [start, end] = this.nodeOffsets(node);
    return this.lines.offsetRange(start, end);
  }

  /** Where a node starts and ends in the file (0, 0 for a node the parser made up). */
  private nodeOffsets(node: Node | null | undefined): [number, number] {
    const range = node?.range;
    return range ? [this.offset(range[0]), this.offset(range[1])] : [0, 0];
  }

  /** A file offset from an offset into the YAML text. */
  private offset(yamlOffset: number): number {
    return this.yamlOffset + yamlOffset;
  }

  private indentOfLine(line: number): string {
    return /^\s*/.exec(this.lines.lineText(line))![0];
  }

  private indentBeforeDash(itemOffset: number): string {
    const { line } = this.lines.positionAt(itemOffset);
    return /^(\s*)-?/.exec(this.lines.lineText(line))![1];
  }
}
