// Parse once per document version, reuse everywhere (hover, completion, checks, fixes).
import { parseSourceDocument, type ParsedDocument } from './document';
import type { SourceDocument } from './types';

export class ParsedDocumentCache {
  private readonly entries = new Map<string, ParsedDocument>();

  get(source: SourceDocument): ParsedDocument {
    const cached = this.entries.get(source.uri);
    if (cached && cached.source.version === source.version && cached.source.text === source.text && sameSkip(cached.source, source)) return cached;
    const parsed = parseSourceDocument(source);
    this.entries.set(source.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}

/** Whether two sources were skipped alike (a file skipped under another size limit says so differently). */
function sameSkip(a: SourceDocument, b: SourceDocument): boolean {
  return a.skipped?.reason === b.skipped?.reason && a.skipped?.bytes === b.skipped?.bytes && a.skipped?.limit === b.skipped?.limit;
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
