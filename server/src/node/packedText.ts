// The text of a file no editor shows, kept deflated. The server holds every security file of the
// workspace all day, and the rules and features read the text of a closed file rarely (a fix, a
// record, a re-parse after a settings change): a product line of 5,000 files held 37 MB of text,
// which packs into about a seventh of that. Unpacking a file takes tens of microseconds, and the
// last few unpacked texts are kept, as a reader tends to read one file many times in a row: in an
// UnpackedTexts of the owner's (the server's WorkspaceFiles holds one), not in the class, so two
// owners in one process (two servers in a test, a future worker) neither share nor evict each
// other's texts, and a text is kept no longer than its owner.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SkippedFile, SourceDocument } from '../engine';

/** Texts shorter than this stay as they are: packing would save little and cost a buffer each. */
const MIN_PACKED_LENGTH = 1024;
/** How many unpacked texts an UnpackedTexts keeps by default, most recently read first out last. */
const UNPACKED_CAPACITY = 32;

/** The last few texts unpacked for one owner, least recently read first out. */
export class UnpackedTexts {
  private readonly texts = new Map<PackedSource, string>();

  constructor(private readonly capacity = UNPACKED_CAPACITY) {}

  /** The source's text: kept, or unpacked now (and kept, dropping the one read least recently). */
  textOf(source: PackedSource, unpack: () => string): string {
    let text = this.texts.get(source);
    if (text !== undefined) {
      this.texts.delete(source);
    } else {
      text = unpack();
      if (this.texts.size >= this.capacity) this.texts.delete(this.texts.keys().next().value!);
    }
    if (this.capacity > 0) this.texts.set(source, text);
    return text;
  }

  /** How many unpacked texts it keeps now. */
  get size(): number {
    return this.texts.size;
  }
}

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

  /** Where its text is kept once unpacked; none: unpacked on every read. */
  private readonly recent: UnpackedTexts | undefined;

  private constructor(source: SourceDocument, recent: UnpackedTexts | undefined) {
    this.recent = recent;
    this.uri = source.uri;
    this.languageId = source.languageId;
    this.version = source.version;
    if (source.skipped) this.skipped = source.skipped;
    this.packed = deflateRawSync(source.text, { level: 1 }).toString('latin1');
  }

  /**
   * The source with its text packed; the source itself when packing is not worth it (short,
   * skipped, or packed already). Only for text decoded from UTF-8, as files on disk are: a lone
   * surrogate (possible in an editor's text) would not survive the round trip. `recent` keeps the
   * last texts read (the owner's); without it the text is unpacked on every read.
   */
  static of(source: SourceDocument, minLength = MIN_PACKED_LENGTH, recent?: UnpackedTexts): SourceDocument {
    if (source instanceof PackedSource || source.skipped || source.text.length < minLength) return source;
    return new PackedSource(source, recent);
  }

  get text(): string {
    const unpack = () => inflateRawSync(Buffer.from(this.packed, 'latin1')).toString('utf8');
    return this.recent ? this.recent.textOf(this, unpack) : unpack();
  }

  /** Bytes held packed (for the benchmark's figures). */
  get packedBytes(): number {
    return this.packed.length;
  }
}
