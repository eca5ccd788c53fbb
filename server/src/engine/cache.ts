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
