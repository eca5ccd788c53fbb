// Finding the security file on disk: walks folders for YAML and Markdown, skipping what is never
// part of it (dependencies, VCS data, build output), and reads each file defensively: the size is
// checked before the text is read, binary and non-UTF-8 files are refused with a reason, and a
// file that vanishes between listing and reading is skipped, not fatal.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_MAX_FILE_SIZE, type SourceDocument } from '../engine';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
const DOCUMENT_EXTENSION = /\.(ya?ml|md|markdown)$/i;
/** How much of a file is searched for a NUL byte, the mark of a binary file (as git does). */
const BINARY_SNIFF_BYTES = 8 * 1024;

export function isCandidateFile(file: string): boolean {
  return DOCUMENT_EXTENSION.test(file);
}

/**
 * Files under the given paths (files are taken as given; folders are walked). Throws on a missing
 * given path; an entry that disappears or cannot be read during the walk, and a given or found
 * candidate that is not a regular file, is reported to `onSkip`.
 */
export function collectFiles(paths: string[], onSkip: (file: string, reason: string) => void = () => {}): string[] {
  const files: string[] = [];
  const visit = (target: string, explicit: boolean) => {
    let stat: fs.Stats;
    let entries: string[] = [];
    try {
      stat = fs.statSync(target);
      if (stat.isDirectory() && (explicit || !SKIPPED_DIRECTORIES.has(path.basename(target)))) entries = fs.readdirSync(target).sort();
    } catch (error) {
      if (explicit) throw error;
      // Listed a moment ago, gone or unreadable now (or a dangling symlink): not part of the file set.
      if (isCandidateFile(target) || (error as NodeJS.ErrnoException).code !== 'ENOENT') onSkip(target, describeIoError(error));
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of entries) visit(path.join(target, entry), false);
    } else if (explicit || isCandidateFile(target)) {
      // A device, pipe or socket is never a document, and reading one can block or never end.
      if (stat.isFile()) files.push(target);
      else onSkip(target, 'not a regular file (a device, pipe or socket)');
    }
  };
  for (const target of paths) visit(path.resolve(target), true);
  return [...new Set(files)];
}

export function languageIdOf(file: string): string {
  return /\.(md|markdown)$/i.test(file) ? 'markdown' : 'yaml';
}

/** A file that is not handed to the engine at all; the message says why, for one line of output. */
export class UnreadableFileError extends Error {}

/**
 * Reads a file for the engine. Over `maxFileSize` bytes it is not read: the document carries a
 * `skipped` marker (the engine reports file-too-large). Throws UnreadableFileError for a file that
 * is binary, not UTF-8, or gone. A byte-order mark is dropped, as editors do. The version is minus
 * the modification time, so disk versions never equal an editor's (positive) versions.
 */
export function readSourceDocument(file: string, maxFileSize: number = DEFAULT_MAX_FILE_SIZE): SourceDocument {
  const uri = pathToFileURL(file).href;
  const languageId = languageIdOf(file);
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw new UnreadableFileError(describeIoError(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    const version = -Math.floor(stat.mtimeMs);
    if (stat.size > maxFileSize) return { uri, languageId, version, text: '', skipped: { reason: 'too-large', bytes: stat.size, limit: maxFileSize } };
    const bytes = fs.readFileSync(fd);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new UnreadableFileError('binary file (it contains NUL bytes), not a YAML or Markdown document');
    return { uri, languageId, version, text: decodeUtf8(bytes) };
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    throw new UnreadableFileError(describeIoError(error));
  } finally {
    fs.closeSync(fd);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw new UnreadableFileError(`not UTF-8 text (the first invalid byte is on line ${line}); save it as UTF-8 to have it checked`);
  }
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
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return code ?? (error as Error)?.message ?? String(error);
  }
}
