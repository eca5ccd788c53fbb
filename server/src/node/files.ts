// Finding the security file on disk: walks folders for YAML and Markdown (and the evidence files
// other tools write: SBOMs and the like, see engine/evidence/read.ts), skipping what is never
// part of it (dependencies, VCS data, build output), and reads each file defensively: the size is
// checked before the text is read and the read is bounded, only regular files are read (a FIFO or
// a device where a file is expected is refused), binary and undecodable files are refused with a
// reason, and a file that vanishes between listing and reading is skipped, not fatal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, type FileSizeLimit, type SourceDocument } from '../engine';
import { isEvidenceFileName, isEvidencePath, mayBeEvidenceFile } from '../engine/evidence/read';
// Installs the evidence files' official schemas into the engine (every host reads through here).
import './evidenceSchemas';
import { fileUri } from './uri';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
const DOCUMENT_EXTENSION = /\.(ya?ml|md|markdown)$/i;
/** How much of a file is searched for a NUL byte, the mark of a binary file (as git does). */
const BINARY_SNIFF_BYTES = 8 * 1024;

/**
 * Whether a file is listed for reading: a YAML or Markdown document, or a JSON or XML file that may
 * be evidence (by its name, or, when its project's `include` takes it in, by its content: the
 * engine sniffs it and a JSON file that is no evidence format parses to nothing).
 */
export function isCandidateFile(file: string): boolean {
  const name = path.basename(file);
  return DOCUMENT_EXTENSION.test(name) || isEvidenceFileName(name) || mayBeEvidenceFile(name);
}

/** Whether a file is read as evidence (an SBOM, a JSON or XML file), not as a YAML or Markdown document. */
export function isEvidenceFile(file: string): boolean {
  const name = path.basename(file);
  return !DOCUMENT_EXTENSION.test(name) || isEvidenceFileName(name);
}

/**
 * Evidence files are read up to this size whatever `maxFileSize` says (that limit is for documents
 * people write): an SBOM of a real product is often tens of megabytes.
 */
export const MAX_EVIDENCE_FILE_SIZE = 64 * 1024 * 1024;

/**
 * Whether a listed file is read under its project's configuration: documents always; a JSON or XML
 * file when its name says it is evidence, or when the project lists `include` globs (which then
 * took it in: a project without them does not read every package.json and tsconfig.json).
 */
export function isReadUnder(file: string, config: { include: readonly string[] }): boolean {
  const name = path.basename(file);
  return DOCUMENT_EXTENSION.test(name) || isEvidencePath(file) || (mayBeEvidenceFile(name) && config.include.length > 0);
}

/**
 * Whether `file`, with every link in its path resolved, is inside `folder` (also resolved). For
 * paths that did not come from collectFiles (which checks the files it lists): a file watcher's
 * event or a document an editor closed may name a link out of the workspace, which is not read.
 * False for a path that cannot be resolved (gone, a dangling link, a loop).
 */
export function isInsideByRealPath(file: string, folder: string): boolean {
  try {
    const real = fs.realpathSync.native(file);
    const root = fs.realpathSync.native(folder);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  } catch {
    return false;
  }
}

/**
 * Files under the given paths (files are taken as given; folders are walked). Throws on a missing
 * given path; an entry that disappears or cannot be read during the walk, and a given or found
 * candidate that is not a regular file, is reported to `onSkip`.
 *
 * Symbolic links are followed only while they stay inside the given paths (by real path): a link
 * out of the workspace is reported and not followed, so an outside file's text never reaches a
 * report. Each real folder is walked once, so a link to itself or back to the root (a build
 * cache's link, two links to each other) ends the walk there instead of looping.
 */
export function collectFiles(paths: string[], onSkip: (file: string, reason: string) => void = () => {}): string[] {
  const files: string[] = [];
  const roots: string[] = [];
  const walked = new Set<string>();
  const links: [string, string][] = [];
  const inside = (real: string) => roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));

  const walk = (folder: string, realFolder: string) => {
    if (walked.has(realFolder)) return;
    walked.add(realFolder);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      onSkip(folder, describeIoError(error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const target = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(target, path.join(realFolder, entry.name));
      } else if (entry.isFile()) {
        if (isCandidateFile(entry.name)) files.push(target);
      } else if (entry.isSymbolicLink()) {
        // After the real folders: a file is listed under its own path, not a link's.
        links.push([target, entry.name]);
      } else if (isCandidateFile(entry.name)) {
        onSkip(target, describeNonFile(fs.lstatSync(target)));
      }
    }
  };

  const followLink = (link: string, name: string) => {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync.native(link);
      stat = fs.statSync(real);
    } catch (error) {
      // A dangling link, or one that loops on itself: not part of the file set.
      if (isCandidateFile(name) || !['ENOENT', 'ELOOP'].includes((error as NodeJS.ErrnoException).code ?? '')) onSkip(link, describeIoError(error));
      return;
    }
    if (stat.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(name) || walked.has(real)) return;
      if (!inside(real)) onSkip(link, 'a symbolic link to a folder outside the workspace; not followed');
      else walk(link, real);
    } else if (isCandidateFile(name)) {
      if (!inside(real)) onSkip(link, 'a symbolic link to a file outside the workspace; not read');
      else if (!stat.isFile()) onSkip(link, describeNonFile(stat));
      else files.push(link);
    }
  };

  const given = paths.map((target) => {
    const resolved = path.resolve(target);
    const stat = fs.statSync(resolved); // throws on a missing given path
    return { resolved, stat, real: fs.realpathSync.native(resolved) };
  });
  for (const { stat, real } of given) roots.push(stat.isDirectory() ? real : path.dirname(real));
  for (const { resolved, stat, real } of given) {
    if (stat.isDirectory()) walk(resolved, real);
    else if (stat.isFile()) files.push(resolved);
    else onSkip(resolved, describeNonFile(stat));
  }
  for (let i = 0; i < links.length; i++) followLink(...links[i]);
  return [...new Set(files)];
}

export function languageIdOf(file: string): string {
  return /\.(md|markdown)$/i.test(file) ? 'markdown' : /\.json$/i.test(file) ? 'json' : /\.xml$/i.test(file) ? 'xml' : 'yaml';
}

/** A file that is not handed to the engine at all; the message says why, for one line of output. */
export class UnreadableFileError extends Error {}

/** A file over the size limit it was read under (checked before reading, and again while reading). */
export class FileTooLargeError extends UnreadableFileError {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`it is larger than ${formatBytes(limit)}, the limit for it`);
  }
}

/** O_NONBLOCK, where the platform has it: opening a FIFO with no writer must not wait for one. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const READ_CHUNK = 64 * 1024;

/**
 * Opens a file for reading only if it is a regular file. A FIFO, a device (`/dev/zero`,
 * `/dev/urandom`) or a socket where a file is expected is refused with a message, never read: a
 * FIFO would block forever and a device never ends. The file is opened without blocking and
 * checked through its descriptor, so what is checked is what is read.
 */
export function openRegularFile(file: string): { fd: number; stat: fs.Stats } {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw new UnreadableFileError(describeIoError(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new UnreadableFileError(describeNonFile(stat));
    return { fd, stat };
  } catch (error) {
    fs.closeSync(fd);
    throw error instanceof UnreadableFileError ? error : new UnreadableFileError(describeIoError(error));
  }
}

/** Reads an open file to its end, but never more than `limit` bytes: a file that grew past it since its size was checked throws FileTooLargeError. */
export function readBounded(fd: number, limit: number, sizeHint = 0): Buffer {
  return readUpTo(fd, limit, sizeHint);
}

/**
 * Files up to this size are read into one buffer kept for the purpose (their bytes are decoded at
 * once, and the buffer never leaves this module). A fresh buffer per file made reading 5,000
 * files cost ten times what `fs.readFileSync` does: each allocation's pages are new to the
 * process, and the collector counts every buffer's memory. Larger files get a buffer of their
 * own, so the process keeps no more than this.
 */
const SCRATCH_BYTES = 256 * 1024;
let scratch: Buffer | undefined;

/**
 * `readBounded`, reading into `into` when what is expected (the size hint, and a byte to see the
 * end) fits in it: the result is then a view of `into`, to be used before the next read.
 */
function readUpTo(fd: number, limit: number, sizeHint: number, into?: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let chunk: Buffer | undefined;
  let used = 0;
  let total = 0;
  for (;;) {
    if (!chunk || used === chunk.length) {
      if (chunk) chunks.push(chunk);
      // Room for the expected size and one byte more: the read that sees the end needs no new chunk.
      const wanted = Math.min(Math.max(sizeHint + 1 - total, READ_CHUNK), limit + 1 - total);
      chunk = !chunk && into && wanted <= into.length ? into.subarray(0, wanted) : Buffer.allocUnsafe(wanted);
      used = 0;
    }
    const read = fs.readSync(fd, chunk, used, chunk.length - used, null);
    if (read === 0) break;
    used += read;
    total += read;
    if (total > limit) throw new FileTooLargeError(total, limit);
  }
  const last = chunk.subarray(0, used);
  return chunks.length ? Buffer.concat([...chunks, last], total) : last;
}

/** A regular file's bytes, at most `limit` of them (else FileTooLargeError, before anything is read when its size says so). */
export function readRegularFile(file: string, limit: number): Buffer {
  const { fd, stat } = openRegularFile(file);
  try {
    if (stat.size > limit) throw new FileTooLargeError(stat.size, limit);
    return readBounded(fd, limit, stat.size);
  } catch (error) {
    throw error instanceof UnreadableFileError ? error : new UnreadableFileError(describeIoError(error));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a file for the engine. Over `maxFileSize` bytes it is not read: the document carries a
 * `skipped` marker (the engine reports file-too-large). Throws UnreadableFileError for a file that
 * is binary, not text, gone, or not a regular file. The version is minus the modification time,
 * so disk versions never equal an editor's (positive) versions.
 */
export function readSourceDocument(file: string, sizeLimit: number | FileSizeLimit = DEFAULT_MAX_FILE_SIZE): SourceDocument {
  const uri = fileUri(file);
  const languageId = languageIdOf(file);
  let { limit: maxFileSize, capped } = typeof sizeLimit === 'number' ? { limit: sizeLimit, capped: false } : sizeLimit;
  if (isEvidenceFileName(path.basename(file)) || mayBeEvidenceFile(file)) [maxFileSize, capped] = [Math.max(maxFileSize, MAX_EVIDENCE_FILE_SIZE), false];
  const { fd, stat } = openRegularFile(file);
  const version = -Math.floor(stat.mtimeMs);
  const skipped = (bytes: number): SourceDocument => ({ uri, languageId, version, text: '', skipped: { reason: 'too-large', bytes, limit: maxFileSize, ...(capped && { capped }) } });
  try {
    if (stat.size > maxFileSize) return skipped(stat.size);
    scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
    return { uri, languageId, version, text: decodeText(readUpTo(fd, maxFileSize, stat.size, scratch)).text };
  } catch (error) {
    if (error instanceof FileTooLargeError) return skipped(error.bytes);
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(describeIoError(error));
  } finally {
    fs.closeSync(fd);
  }
}

/** One decoder for every file (a decode without `stream` starts afresh): making one per file cost more than the decoding. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** How a text file's bytes were written, so a rewrite can write them the same way. */
export interface TextEncoding {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Whether the file starts with a byte-order mark (editors drop it from the text; so do we). */
  bom: boolean;
  /**
   * Whether its lines end in a lone CR (old Mac files): read as LF, as editors and YAML 1.2 read
   * them, and written back as CR. Absent for every other file.
   */
  crLineEnds?: true;
}

/**
 * Lone CRs (not followed by LF) as LF: the same length, so offsets stay those of the file, and the
 * lines are those an editor shows. The YAML parser would read the whole file as one line.
 */
function withLoneCrAsLf(text: string): { text: string; crLineEnds?: true } {
  if (!text.includes('\r') || !/\r(?!\n)/.test(text)) return { text };
  const converted = text.replace(/\r(?!\n)/g, '\n');
  // Only a file of lone CRs alone is written back with them; a mixed one is written with LF, as editors save it.
  return text.includes('\n') ? { text: converted } : { text: converted, crLineEnds: true };
}

/**
 * Decodes a text file as editors do: UTF-8 (a byte-order mark is dropped), or UTF-16 when a
 * byte-order mark says so. Throws UnreadableFileError for a binary file (a NUL byte, as git
 * judges it) or bytes that are not valid in the encoding.
 */
export function decodeText(bytes: Buffer): { text: string } & TextEncoding {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    let text: string;
    try {
      text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2));
    } catch {
      throw new UnreadableFileError(`not valid ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} text though it starts with that byte-order mark; save it as UTF-8 to have it checked`);
    }
    if (text.includes('\0')) throw new UnreadableFileError('binary file (it contains NUL characters), not a YAML or Markdown document');
    return { ...withLoneCrAsLf(text), encoding, bom: true };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new UnreadableFileError('binary file (it contains NUL bytes), not a YAML or Markdown document');
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    return { ...withLoneCrAsLf(UTF8.decode(bom ? bytes.subarray(3) : bytes)), encoding: 'utf-8', bom };
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw new UnreadableFileError(`not UTF-8 text (the first invalid byte is on line ${line}); save it as UTF-8 to have it checked`);
  }
}

/** Text back into bytes the way `decodeText` found them. */
export function encodeText(written: string, { encoding, bom, crLineEnds }: TextEncoding): Buffer {
  const text = crLineEnds ? written.replace(/\r?\n/g, '\r') : written;
  if (encoding === 'utf-8') return Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') le.swap16();
  return Buffer.concat([bom ? Buffer.from(encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), le]);
}

function describeNonFile(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'it is a folder';
  // Never read: a pipe can block for ever, a device (/dev/zero) never ends.
  if (stat.isFIFO()) return 'not a regular file (a named pipe); it is not read';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'not a regular file (a device); it is not read';
  if (stat.isSocket()) return 'not a regular file (a socket); it is not read';
  return 'not a regular file; it is not read';
}

/** 5242880 → "5 MB", 1536 → "1.5 KB" (powers of 1024, as parseByteSize reads them). */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A file-system error as a short phrase for the user, without a stack trace. */
export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'it no longer exists (deleted while being read)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      // Two links to each other, or a link to itself: resolving it never ends.
      return 'a symbolic link that loops (it leads back to itself); not followed';
    case 'ENOTDIR':
      return 'a folder on its path is no longer a folder';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return code ?? (error as Error)?.message ?? String(error);
  }
}
