// The workspace index: every security document of one analysis unit (a folder with its
// configuration), with ids resolved across files. Derived lookups are rebuilt lazily, once per
// change, and shared by all rules and navigation features.
import type { ParsedDocument } from './document';
import { buildModel, type ModelDocument, type ModelItem, type ReferenceUse } from './model';
import type { CollectionName } from './schema';
import type { Range } from './types';

export interface Definition {
  id: string;
  uri: string;
  /** Range of the id where it is defined. */
  range: Range;
  /** The item the id names; absent for a document's own top-level id. */
  item?: ModelItem;
  document: ModelDocument;
}

export class WorkspaceIndex {
  private readonly parsedByUri = new Map<string, ParsedDocument>();
  private readonly modelByUri = new Map<string, ModelDocument>();
  private derived: Derived | undefined;
  /** Bumped on every change; callers use it to know when cached results are stale. */
  generation = 0;

  /** Adds or replaces a file. Returns false when the same parse was already indexed (nothing changed). */
  update(parsed: ParsedDocument): boolean {
    if (this.parsedByUri.get(parsed.source.uri) === parsed) return false;
    this.parsedByUri.set(parsed.source.uri, parsed);
    const model = buildModel(parsed);
    if (model) this.modelByUri.set(parsed.source.uri, model);
    else this.modelByUri.delete(parsed.source.uri);
    this.changed();
    return true;
  }

  remove(uri: string): boolean {
    const existed = this.parsedByUri.delete(uri);
    this.modelByUri.delete(uri);
    if (existed) this.changed();
    return existed;
  }

  has(uri: string): boolean {
    return this.parsedByUri.has(uri);
  }

  parsed(uri: string): ParsedDocument | undefined {
    return this.parsedByUri.get(uri);
  }

  model(uri: string): ModelDocument | undefined {
    return this.modelByUri.get(uri);
  }

  /** Every file, sorted by uri so findings come out in a stable order. */
  files(): ParsedDocument[] {
    return this.lookups().files;
  }

  /** Security documents, sorted by uri. */
  documents(): ModelDocument[] {
    return this.lookups().documents;
  }

  documentsOfKind(kind: ModelDocument['kind']): ModelDocument[] {
    return this.documents().filter((document) => document.kind === kind);
  }

  items(collection: CollectionName): ModelItem[] {
    return this.lookups().itemsByCollection.get(collection) ?? [];
  }

  /** Every definition of an id (more than one means a duplicate). */
  definitions(id: string): Definition[] {
    return this.lookups().definitionsById.get(id) ?? [];
  }

  allDefinitions(): ReadonlyMap<string, Definition[]> {
    return this.lookups().definitionsById;
  }

  references(id: string): ReferenceUse[] {
    return this.lookups().referencesById.get(id) ?? [];
  }

  allReferences(): ReferenceUse[] {
    return this.lookups().references;
  }

  private changed() {
    this.derived = undefined;
    this.generation++;
  }

  private lookups(): Derived {
    if (this.derived) return this.derived;
    const files = [...this.parsedByUri.values()].sort((a, b) => compare(a.source.uri, b.source.uri));
    const documents = [...this.modelByUri.values()].sort((a, b) => compare(a.uri, b.uri));
    const itemsByCollection = new Map<CollectionName, ModelItem[]>();
    const definitionsById = new Map<string, Definition[]>();
    const referencesById = new Map<string, ReferenceUse[]>();
    const references: ReferenceUse[] = [];
    for (const document of documents) {
      const documentId = document.fields.id?.scalar;
      if (documentId?.text) push(definitionsById, documentId.text, { id: documentId.text, uri: document.uri, range: documentId.range, document });
      for (const item of document.items) {
        push(itemsByCollection, item.collection, item);
        if (item.id) push(definitionsById, item.id.text, { id: item.id.text, uri: document.uri, range: item.id.range, item, document });
      }
      for (const reference of document.references) {
        push(referencesById, reference.id, reference);
        references.push(reference);
      }
    }
    this.derived = { files, documents, itemsByCollection, definitionsById, referencesById, references };
    return this.derived;
  }
}

interface Derived {
  files: ParsedDocument[];
  documents: ModelDocument[];
  itemsByCollection: Map<CollectionName, ModelItem[]>;
  definitionsById: Map<string, Definition[]>;
  referencesById: Map<string, ReferenceUse[]>;
  references: ReferenceUse[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
