// Parse once per document version, reuse everywhere (hover, completion, checks, fixes).
import { parseSourceDocument, type ParsedDocument } from './document';
import type { SourceDocument } from './types';

/** How many parsed documents a cache keeps by default: the files being worked on, not the workspace. */
const DEFAULT_CAPACITY = 256;

/**
 * The last parse of each document, for the few hundred documents read most recently: a document
 * read again at the same version with the same text is not parsed again. It belongs to whoever
 * reads the documents (the server's WorkspaceFiles holds one), never to the module, and it is
 * bounded: the least recently read document goes first. The workspace index keeps the parses it
 * analyses on its own, so what this bound frees is the parses nothing else holds (files an
 * `exclude` or `checkWorkspace: false` took out, documents that were closed): without it those
 * stayed for the life of the server.
 */
export class ParsedDocumentCache {
  /** By uri, least recently read first (a Map iterates in insertion order; a hit is moved to the end). */
  private readonly entries = new Map<string, ParsedDocument>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {
    if (!(capacity >= 1)) throw new RangeError(`ParsedDocumentCache: capacity ${capacity} (at least 1)`);
  }

  get(source: SourceDocument): ParsedDocument {
    const cached = this.entries.get(source.uri);
    this.entries.delete(source.uri);
    const parsed =
      cached && cached.source.version === source.version && cached.source.text === source.text && sameSkip(cached.source, source) ? cached : parseSourceDocument(source);
    this.entries.set(source.uri, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  /** How many parsed documents it keeps now. */
  get size(): number {
    return this.entries.size;
  }
}

/** Whether two sources were skipped alike (a file skipped under another size limit says so differently). */
function sameSkip(a: SourceDocument, b: SourceDocument): boolean {
  return a.skipped?.reason === b.skipped?.reason && a.skipped?.bytes === b.skipped?.bytes && a.skipped?.limit === b.skipped?.limit && a.skipped?.capped === b.skipped?.capped;
}

/**
 * `compute`, remembered per key object for as long as the key lives. Rules run on every
 * keystroke; a document's model (or a list the index keeps while its items are the same) is
 * worked through once.
 */
export function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
