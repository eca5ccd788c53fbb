// The workspace index: every security document of one analysis unit (a folder with its
// configuration), with ids resolved across files. The lookups shared by all rules and navigation
// features are kept up to date per file: a change removes the old model's contributions and adds
// the new one's, so a keystroke costs in proportion to the edited file, not to the workspace.
// (Over 400 lines on purpose: the per-file bookkeeping of every lookup must change together, and
// split across files its invariants could no longer be read in one place.)
import { recordReplacement } from './cache';
import { releaseYaml, type ParsedDocument } from './document';
import { buildModel, ModelStrings, type ModelDocument, type ModelItem, type ModelOptions, type ReferenceUse, type ScalarValue } from './model';
import type { CollectionName } from './schema';
import type { Range } from './types';

export interface Definition {
  readonly id: string;
  readonly uri: string;
  /** Range of the id where it is defined. */
  readonly range: Range;
  /** The item the id names; absent for a document's own top-level id. */
  readonly item?: ModelItem;
  readonly document: ModelDocument;
}

/** An item's id as a definition: read through the item, as a product line defines 100,000+ ids. */
class ItemDefinition implements Definition {
  constructor(
    readonly item: ModelItem & { readonly id: ScalarValue },
    readonly document: ModelDocument,
  ) {}

  get id(): string {
    return this.item.id.text;
  }

  get uri(): string {
    return this.item.uri;
  }

  get range(): Range {
    return this.item.id.range;
  }
}

/** What one document adds to the lookups (its items come from its collections). */
interface Contribution {
  definitions: Definition[];
}

export class WorkspaceIndex {
  private readonly parsedByUri = new Map<string, ParsedDocument>();
  private readonly modelByUri = new Map<string, ModelDocument>();
  private readonly contributionByUri = new Map<string, Contribution>();
  /** Every list below is in document (uri) order, then in order within the document, as the rules expect. */
  private readonly definitionsById = new IdLists<Definition>();
  /**
   * Made on the first `references()` call (finding references, renaming), then kept up to date:
   * no rule reads it, and for a product line it is 100,000+ entries the server need not hold
   * until someone navigates.
   */
  private referencesById: IdLists<ReferenceUse> | undefined;
  /** Sorted lists, re-sorted only when the set of files (or of documents) changes. */
  private sortedFiles: ParsedDocument[] | undefined;
  private sortedDocuments: ModelDocument[] | undefined;
  /** Position of each document in uri order, for inserting into the per-id lists. */
  private documentRank: Map<string, number> | undefined;
  /** Flat lists, rebuilt from the sorted documents only when a document that feeds them changed. */
  private readonly itemsCache = new Map<CollectionName, ModelItem[]>();
  /** Documents per kind, rebuilt only when a document of that kind was added, changed or removed. */
  private readonly kindCache = new Map<ModelDocument['kind'], ModelDocument[]>();
  /** Models not yet added to the per-id lists: added on the next lookup, all at once after a bulk load. */
  private readonly pending = new Map<string, ModelDocument>();
  private referencesCache: ReferenceUse[] | undefined;
  /** When each id's definitions last changed (a generation), and when all lists were last rebuilt. */
  private readonly definitionsStamp = new Map<string, number>();
  private definitionsChangedAt = 0;
  private rebuiltAt = 0;
  /** Definitions taken out of the per-id lists since the last flush, to tell a real change from a re-parse that defines the same. */
  private withdrawn: Definition[] = [];
  /** Bumped on every change; callers use it to know when cached results are stale. */
  generation = 0;

  /** How the models of its files are built: the host's options, and this index's own table of shared strings. */
  private readonly modelOptions: ModelOptions;

  /** What the Threat Dragon prefixes were set from (see setThreatDragonPrefixes). */
  private threatDragonPrefixKey = '';

  /**
   * The id prefix of each Threat Dragon model's threats, by the model's uri (the project's
   * `threatDragonPrefixes`). `key` says what they were made from: when it changes, the models
   * already indexed are built again with the new prefixes; when it is the same, nothing happens.
   */
  setThreatDragonPrefixes(key: string, prefixFor: ((uri: string) => string | undefined) | undefined): void {
    if (key === this.threatDragonPrefixKey) return;
    this.threatDragonPrefixKey = key;
    this.modelOptions.threatDragonPrefix = key ? prefixFor : undefined;
    for (const [uri, model] of [...this.modelByUri]) {
      if (model.kind !== 'threat-dragon') continue;
      const parsed = this.parsedByUri.get(uri)!;
      this.remove(uri);
      this.update(parsed);
    }
  }

  /** `models`: how the models of its files are built (a host that frees file texts asks for copied values). */
  constructor(options: { models?: ModelOptions } = {}) {
    this.modelOptions = { ...options.models, strings: options.models?.strings ?? new ModelStrings() };
  }

  /**
   * Adds or replaces a file. Returns false when the same parse was already indexed (nothing changed).
   * `model`: the file's model as another index built it (with the same model options), e.g. when a
   * configuration change moves a file to another project: it is not built (and the file not parsed) again.
   */
  update(parsed: ParsedDocument, model?: ModelDocument | null): boolean {
    const uri = parsed.source.uri;
    const previous = this.parsedByUri.get(uri);
    if (previous === parsed) return false;
    this.generation++;
    if (!previous) this.sortedFiles = undefined;
    else if (this.sortedFiles) this.sortedFiles[this.sortedFiles.indexOf(previous)] = parsed;
    this.parsedByUri.set(uri, parsed);
    const replaced = this.modelByUri.get(uri);
    // The flat lists are patched below when a new model takes the old one's place.
    const hadModel = this.withdraw(uri, true);
    if (model === undefined) model = buildModel(parsed, this.modelOptions);
    else if (model?.kind === 'threat-dragon') model = buildModel(parsed, this.modelOptions); // built with another project's prefixes
    // The model holds everything the rules and features read, so the tree can go (see releaseYaml).
    releaseYaml(parsed);
    if (model) {
      this.modelByUri.set(uri, model);
      if (!hadModel) this.documentsChanged();
      else if (this.sortedDocuments) this.sortedDocuments[this.sortedDocuments.indexOf(replaced!)] = model;
      this.pending.set(uri, model);
      this.contributeItems(model, replaced);
    } else if (hadModel) {
      this.documentsChanged();
      this.flatListsChanged(replaced!);
    }
    return true;
  }

  remove(uri: string): boolean {
    const existed = this.parsedByUri.delete(uri);
    if (!existed) return false;
    this.generation++;
    this.sortedFiles = undefined;
    if (this.withdraw(uri)) this.documentsChanged();
    return true;
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
    this.sortedFiles ??= [...this.parsedByUri.values()].sort((a, b) => compare(a.source.uri, b.source.uri));
    return this.sortedFiles;
  }

  /** Security documents, sorted by uri. */
  documents(): ModelDocument[] {
    this.sortedDocuments ??= [...this.modelByUri.values()].sort((a, b) => compare(a.uri, b.uri));
    return this.sortedDocuments;
  }

  /** Security documents of one kind, sorted by uri: the same list while no document of that kind changes, so rules can tell when to re-run. */
  documentsOfKind(kind: ModelDocument['kind']): ModelDocument[] {
    let documents = this.kindCache.get(kind);
    if (!documents) {
      documents = this.documents().filter((document) => document.kind === kind);
      this.kindCache.set(kind, documents);
    }
    return documents;
  }

  items(collection: CollectionName): ModelItem[] {
    let items = this.itemsCache.get(collection);
    if (!items) {
      items = [];
      for (const document of this.documents()) {
        const own = document.collections[collection]?.items;
        if (own) for (const item of own) items.push(item);
      }
      this.itemsCache.set(collection, items);
    }
    return items;
  }

  /** Every definition of an id (more than one means a duplicate). */
  definitions(id: string): Definition[] {
    this.flush();
    return this.definitionsById.get(id);
  }

  /** Every defined id (in no particular order). */
  definedIds(): IterableIterator<string> {
    this.flush();
    return this.definitionsById.keys();
  }

  /** Every id defined more than once, with its definitions in document order. */
  duplicateDefinitions(): [string, Definition[]][] {
    this.flush();
    return this.definitionsById.multiple();
  }

  /** Whether the definitions of an id may have changed after the index was at `generation` (for rules that cache per document). */
  definitionsChangedSince(id: string, generation: number): boolean {
    this.flush();
    return this.rebuiltAt > generation || (this.definitionsStamp.get(id) ?? 0) > generation;
  }

  /**
   * Whether no id's definitions changed (in file, range or collection) after the index was at
   * `generation`. Re-parsing a file that defines the same ids at the same places changes nothing.
   */
  definitionsUnchangedSince(generation: number): boolean {
    this.flush();
    return this.rebuiltAt <= generation && this.definitionsChangedAt <= generation;
  }

  references(id: string): ReferenceUse[] {
    this.flush();
    if (!this.referencesById) {
      this.referencesById = new IdLists();
      for (const reference of this.allReferences()) this.referencesById.push(reference.id, reference);
    }
    return this.referencesById.get(id);
  }

  allReferences(): ReferenceUse[] {
    if (!this.referencesCache) {
      const references: ReferenceUse[] = [];
      for (const document of this.documents()) for (const reference of document.references) references.push(reference);
      this.referencesCache = references;
    }
    return this.referencesCache;
  }

  private documentsChanged() {
    this.sortedDocuments = undefined;
    this.documentRank = undefined;
  }

  private rank(uri: string): number {
    if (!this.documentRank) {
      this.documentRank = new Map();
      for (const [index, document] of this.documents().entries()) this.documentRank.set(document.uri, index);
    }
    return this.documentRank.get(uri) ?? -1;
  }

  /** A new model's items and definitions; its items feed the flat lists at once (in place of those of the model it replaces, if any). */
  private contributeItems(document: ModelDocument, replaced?: ModelDocument) {
    const contribution: Contribution = { definitions: [] };
    const documentId = document.fields.id?.scalar;
    if (documentId?.text) contribution.definitions.push({ id: documentId.text, uri: document.uri, range: documentId.range, document });
    for (const item of document.items) {
      if (item.id) contribution.definitions.push(new ItemDefinition(item as ModelItem & { readonly id: ScalarValue }, document));
    }
    this.contributionByUri.set(document.uri, contribution);
    if (replaced) this.replaceInFlatLists(replaced, document);
    else this.flatListsChanged(document);
  }

  /**
   * A model took another's place (an edit): each flat list it feeds or fed is made anew from the
   * old list, with the new model's items where the old one's were, instead of from every document
   * (a keystroke at 1,500 documents rebuilt the 24,000 requirements). Still a new list: rules tell
   * a change by the list's identity.
   */
  private replaceInFlatLists(before: ModelDocument, after: ModelDocument) {
    for (const collection of new Set([...Object.keys(before.collections), ...Object.keys(after.collections)]) as Set<CollectionName>) {
      const list = this.itemsCache.get(collection);
      if (!list) continue;
      const old = before.collections[collection]?.items ?? [];
      const start = old.length ? list.indexOf(old[0]) : -1;
      // Where items of a document that held none would go is not known here: that list is made again when asked for.
      if (start < 0) {
        this.itemsCache.delete(collection);
        continue;
      }
      const items = after.collections[collection]?.items ?? [];
      // As many items as before (the usual keystroke): one copy with them put in place, not three
      // lists of the 24,000 requirements made and two thrown away.
      let next: ModelItem[];
      if (items.length === old.length) {
        next = list.slice();
        for (let k = 0; k < items.length; k++) next[start + k] = items[k];
      } else next = list.slice(0, start).concat(items, list.slice(start + old.length));
      recordReplacement(list, next, start, start + old.length, start + items.length);
      this.itemsCache.set(collection, next);
    }
    const ofKind = this.kindCache.get(before.kind);
    const at = ofKind?.indexOf(before) ?? -1;
    if (before.kind === after.kind && at >= 0) {
      const documents = ofKind!.slice();
      documents[at] = after;
      this.kindCache.set(after.kind, documents);
    } else {
      this.kindCache.delete(before.kind);
      this.kindCache.delete(after.kind);
    }
    if (before.references.length || after.references.length) this.referencesCache = undefined;
  }

  /** The flat lists a model feeds (items per collection, documents per kind, all references) are made again when next asked for. */
  private flatListsChanged(model: ModelDocument) {
    for (const collection of Object.keys(model.collections)) this.itemsCache.delete(collection as CollectionName);
    this.kindCache.delete(model.kind);
    if (model.references.length) this.referencesCache = undefined;
  }

  /**
   * Adds the pending models' definitions and references to the per-id lists, each at its
   * document's place. After a bulk load (many pending) the lists are rebuilt in one pass instead.
   */
  private flush() {
    if (!this.pending.size && !this.withdrawn.length) return;
    if (this.pending.size > 16 && this.pending.size * 4 > this.modelByUri.size) {
      this.definitionsById.clear();
      this.referencesById = undefined;
      this.definitionsStamp.clear();
      this.withdrawn = [];
      this.rebuiltAt = this.generation;
      for (const document of this.documents()) {
        for (const definition of this.contributionByUri.get(document.uri)!.definitions) this.definitionsById.push(definition.id, definition);
      }
    } else {
      const inserted: Definition[] = [];
      for (const document of this.pending.values()) {
        const rank = this.rank(document.uri);
        for (const definition of this.contributionByUri.get(document.uri)!.definitions) {
          this.definitionsById.insertInOrder(definition.id, definition, rank, (entry) => this.rank(entry.uri));
          inserted.push(definition);
        }
        if (this.referencesById) for (const reference of document.references) this.referencesById.insertInOrder(reference.id, reference, rank, (entry) => this.rank(entry.item.uri));
      }
      const before = definitionKeys(this.withdrawn);
      const after = definitionKeys(inserted);
      for (const id of new Set([...before.keys(), ...after.keys()])) {
        if (before.get(id) === after.get(id)) continue;
        this.definitionsStamp.set(id, this.generation);
        this.definitionsChangedAt = this.generation;
      }
      this.withdrawn = [];
    }
    this.pending.clear();
  }

  /** Removes a file's model and what it added to the lookups (the flat lists too, unless the caller replaces the model). Returns whether it had a model. */
  private withdraw(uri: string, replacing = false): boolean {
    const model = this.modelByUri.get(uri);
    if (!model) return false;
    const contribution = this.contributionByUri.get(uri)!;
    // A model still pending was never added to the per-id lists.
    if (!this.pending.delete(uri)) {
      for (const definition of contribution.definitions) {
        this.definitionsById.remove(definition.id, definition);
        this.withdrawn.push(definition);
      }
      if (this.referencesById) for (const reference of model.references) this.referencesById.remove(reference.id, reference);
    }
    if (!replacing) this.flatListsChanged(model);
    this.contributionByUri.delete(uri);
    this.modelByUri.delete(uri);
    return true;
  }
}

/** Per id, what its definitions are made of (file, range, collection), in file order: equal keys mean equal answers. */
function definitionKeys(definitions: Definition[]): Map<string, string> {
  const keys = new Map<string, string>();
  // A stable sort by file keeps each file's definitions in their order within it.
  for (const { id, uri, range, item } of [...definitions].sort((a, b) => compare(a.uri, b.uri))) {
    const key = `${uri} ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${item?.collection ?? ''}`;
    keys.set(id, keys.has(id) ? `${keys.get(id)}\n${key}` : key);
  }
  return keys;
}

/**
 * Values per id, in order. Most ids have one definition and few references: such an id keeps its
 * value as is, not in a one-element array (an array costs more than the entry it holds, and a
 * product line has 100,000+ ids). Values are objects, never arrays.
 */
class IdLists<V extends object> {
  private readonly byId = new Map<string, V | V[]>();

  /** The values of an id, in order; a new array for a single value (callers never change it). */
  get(id: string): V[] {
    const entry = this.byId.get(id);
    return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  }

  keys(): IterableIterator<string> {
    return this.byId.keys();
  }

  /** Every id with more than one value. (forEach, as iterating a map of 100,000+ ids makes an entry array per id.) */
  multiple(): [string, V[]][] {
    const found: [string, V[]][] = [];
    this.byId.forEach((entry, id) => {
      if (Array.isArray(entry)) found.push([id, entry]);
    });
    return found;
  }

  push(id: string, value: V): void {
    const entry = this.byId.get(id);
    if (entry === undefined) this.byId.set(id, value);
    else if (Array.isArray(entry)) entry.push(value);
    else this.byId.set(id, [entry, value]);
  }

  /**
   * Inserts after every value of an earlier or the same document, so the list stays in document
   * order and, within one document, in the order the document's values are added.
   */
  insertInOrder(id: string, value: V, rank: number, rankOf: (entry: V) => number): void {
    const entry = this.byId.get(id);
    if (entry === undefined) {
      this.byId.set(id, value);
      return;
    }
    const list = Array.isArray(entry) ? entry : [entry];
    let at = list.length;
    while (at > 0 && rankOf(list[at - 1]) > rank) at--;
    list.splice(at, 0, value);
    this.byId.set(id, list);
  }

  remove(id: string, value: V): void {
    const entry = this.byId.get(id);
    if (entry === value) {
      this.byId.delete(id);
    } else if (Array.isArray(entry)) {
      const at = entry.indexOf(value);
      if (at >= 0) entry.splice(at, 1);
      // Back to a single value (or none), as if it had been added alone.
      if (entry.length <= 1) {
        if (entry.length) this.byId.set(id, entry[0]);
        else this.byId.delete(id);
      }
    }
  }

  clear(): void {
    this.byId.clear();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
