// A source document whose text reads are counted: tests that hold the server to reading a closed
// file's (packed) text only when something needs it.
import type { SourceDocument } from '../../server/src/engine';

/** `source` with a `text` getter that counts its reads in `reads`. */
export function countingSource(source: SourceDocument): SourceDocument & { reads: number } {
  const counted = {
    uri: source.uri,
    languageId: source.languageId,
    version: source.version,
    reads: 0,
    get text() {
      counted.reads++;
      return source.text;
    },
  };
  return counted;
}
