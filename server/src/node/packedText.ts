// The text of a file no editor shows, kept deflated. The server holds every security file of the
// workspace all day, and the rules and features read the text of a closed file rarely (a fix, a
// record, a re-parse after a settings change): a product line of 5,000 files held 37 MB of text,
// which packs into about a seventh of that. Unpacking a file takes tens of microseconds, and the
// last few unpacked texts are kept, as a reader tends to read one file many times in a row.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SkippedFile, SourceDocument } from '../engine';

/** Texts shorter than this stay as they are: packing would save little and cost a buffer each. */
const MIN_PACKED_LENGTH = 1024;
/** How many unpacked texts are kept, most recently read first out last. */
const UNPACKED_CAPACITY = 32;

export class PackedSource implements SourceDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  readonly skipped?: SkippedFile;
  /**
   * The deflated bytes, one per character of a one-byte string: it sits in the JS heap at its exact
   * size, where 5,000 small buffers took twice the room (each buffer's own record, and pooled slabs
   * kept alive by any slice).
   */
  private readonly packed: string;

  /** Every PackedSource's unpacked text, least recently read first. */
  private static readonly unpacked = new Map<PackedSource, string>();

  private constructor(source: SourceDocument) {
    this.uri = source.uri;
    this.languageId = source.languageId;
    this.version = source.version;
    if (source.skipped) this.skipped = source.skipped;
    this.packed = deflateRawSync(source.text, { level: 1 }).toString('latin1');
  }

  /**
   * The source with its text packed; the source itself when packing is not worth it (short,
   * skipped, or packed already). Only for text decoded from UTF-8, as files on disk are: a lone
   * surrogate (possible in an editor's text) would not survive the round trip.
   */
  static of(source: SourceDocument, minLength = MIN_PACKED_LENGTH): SourceDocument {
    if (source instanceof PackedSource || source.skipped || source.text.length < minLength) return source;
    return new PackedSource(source);
  }

  get text(): string {
    const cache = PackedSource.unpacked;
    let text = cache.get(this);
    if (text !== undefined) {
      cache.delete(this);
    } else {
      text = inflateRawSync(Buffer.from(this.packed, 'latin1')).toString('utf8');
      if (cache.size >= UNPACKED_CAPACITY) cache.delete(cache.keys().next().value!);
    }
    cache.set(this, text);
    return text;
  }

  /** Bytes held packed (for the benchmark's figures). */
  get packedBytes(): number {
    return this.packed.length;
  }
}
