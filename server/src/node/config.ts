// Finding and reading `.clause-guide.yaml` on disk. The CLI and the language server both load
// the configuration through here, so the editor and CI apply the same settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, parseConfig, type ClauseGuideConfig, type ConfigProblem } from '../engine/config';
import { RULES } from '../engine/rules';
import { decodeText, formatBytes, readRegularFile, UnreadableFileError } from './files';

export const CONFIG_FILE_NAME = '.clause-guide.yaml';
/** A configuration is a few dozen lines: a larger file is refused before it is read (a 300 MB one was read whole). */
export const MAX_CONFIG_FILE_SIZE = 1024 * 1024;

/**
 * A configuration file's text: a regular file (a FIFO or device such as /dev/zero is refused, not
 * read), at most MAX_CONFIG_FILE_SIZE, UTF-8 or UTF-16 with a byte-order mark. Throws
 * UnreadableFileError with a message that says why. The CLI's --config reads through here too.
 */
export function readConfigText(file: string): string {
  try {
    return decodeText(readRegularFile(file, MAX_CONFIG_FILE_SIZE)).text;
  } catch (error) {
    if (!(error instanceof UnreadableFileError)) throw error;
    const reason = error.message.startsWith('it is larger than') ? `it is larger than ${formatBytes(MAX_CONFIG_FILE_SIZE)}, the limit for a configuration` : error.message;
    throw new UnreadableFileError(reason);
  }
}

/** Finds the config file upward from a document's folder, stopping at (and including) `stopAt` folders if given, else at the filesystem root. */
export function findConfigFile(documentPath: string, stopAt?: string[]): string | undefined {
  return findConfigFrom(startFolder(documentPath), stopAt);
}

/**
 * The config file for documents in `start`: the nearest one upward. `known` holds earlier answers
 * per folder (for the same stop folders) and is given this walk's: a product line's thousands of
 * folders share their parents, which are then looked at once, not once per folder below them.
 */
function findConfigFrom(start: string, stopAt?: string[], known?: Map<string, string | undefined>, keyOf: (folder: string) => string = folderKey): string | undefined {
  const stops = new Set((stopAt ?? []).map(folderKey));
  const walked: string[] = [];
  let found: string | undefined;
  for (let folder = start; ; ) {
    const key = keyOf(folder);
    if (known?.has(key)) {
      found = known.get(key);
      break;
    }
    walked.push(key);
    const candidate = path.join(folder, CONFIG_FILE_NAME);
    if (isFile(candidate)) {
      found = candidate;
      break;
    }
    const parent = path.dirname(folder);
    if (stops.has(folderKey(folder)) || parent === folder) break;
    folder = parent;
  }
  for (const key of walked) known?.set(key, found);
  return found;
}

export interface LoadedConfig {
  /** The config file, when one was found. */
  file?: string;
  /** The folder the globs are relative to: the config file's folder, or the given fallback root. */
  root: string;
  config: ClauseGuideConfig;
  /** Problems in `file` (ranges are in that file). */
  problems: ConfigProblem[];
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  config: ClauseGuideConfig;
  problems: ConfigProblem[];
}

export class ConfigCache {
  /** Upward lookups by folder (and stop folders): each document would otherwise walk to the root. */
  private readonly lookups = new Map<string, string | undefined>();
  private readonly files = new Map<string, CachedFile>();

  constructor(
    private readonly knownRules: readonly string[] = RULES.map((rule) => rule.name),
    /**
     * Check a config file's mtime and size on every load (the server, which lives while files
     * change). A one-shot run (the CLI) reads each file once: statting it again for each of
     * thousands of documents was a noticeable part of a large check.
     */
    private readonly revalidate = true,
  ) {}

  /** The configuration that applies to a document. Re-reads a config file only when its mtime or size changed. */
  load(documentPath: string, fallbackRoot: string, stopAt?: string[], knownFile = false): LoadedConfig {
    // A path known to be a file (a listed document) needs no stat to find its folder.
    const start = knownFile ? path.dirname(path.resolve(documentPath)) : startFolder(documentPath);
    const stops = (stopAt ?? []).map(folderKey).join('\0');
    const keyOf = (folder: string) => `${folderKey(folder)}\0${stops}`;
    const lookupKey = keyOf(start);
    const file = this.lookups.has(lookupKey) ? this.lookups.get(lookupKey) : findConfigFrom(start, stopAt, this.lookups, keyOf);
    if (!file) return { root: path.resolve(fallbackRoot), config: DEFAULT_CONFIG, problems: [] };

    const known = this.files.get(file);
    if (known && !this.revalidate) return { file, root: path.dirname(file), config: known.config, problems: known.problems };
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      // Deleted since the lookup was cached: forget the lookups and look again.
      this.invalidate(file);
      return this.load(documentPath, fallbackRoot, stopAt, knownFile);
    }
    let cached = this.files.get(file);
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, ...this.read(file) };
      this.files.set(file, cached);
    }
    return { file, root: path.dirname(file), config: cached.config, problems: cached.problems };
  }

  /**
   * The config files read so far whose modification time or size changed since, or that are
   * gone: a host that does not revalidate on every load (the server) asks once per analysis,
   * then invalidates them.
   */
  changedFiles(): string[] {
    const changed: string[] = [];
    for (const [file, cached] of this.files) {
      try {
        const stat = fs.statSync(file);
        if (stat.mtimeMs !== cached.mtimeMs || stat.size !== cached.size) changed.push(file);
      } catch {
        changed.push(file);
      }
    }
    return changed;
  }

  /**
   * Forgets a config file's contents (or all of them) and every cached lookup, since a created or
   * deleted file changes which config applies to whole folder trees. Call it on file-watch events.
   */
  invalidate(file?: string): void {
    if (file) this.files.delete(path.resolve(file));
    else this.files.clear();
    this.lookups.clear();
  }

  private read(file: string): { config: ClauseGuideConfig; problems: ConfigProblem[] } {
    let text: string;
    try {
      text = readConfigText(file);
    } catch (error) {
      const zero = { line: 0, character: 0 };
      const reason = error instanceof UnreadableFileError ? `${error.message}; every setting keeps its default` : (error as Error).message;
      return { config: DEFAULT_CONFIG, problems: [{ message: `Cannot read ${CONFIG_FILE_NAME}: ${reason}.`, range: { start: zero, end: zero } }] };
    }
    return parseConfig(text, this.knownRules);
  }
}

/** The folder a lookup starts in: the path itself for a folder (the CLI may pass one), else its parent. */
function startFolder(documentPath: string): string {
  const resolved = path.resolve(documentPath);
  try {
    if (fs.statSync(resolved).isDirectory()) return resolved;
  } catch {
    // A path that does not exist yet (an unsaved editor buffer) is treated as a file.
  }
  return path.dirname(resolved);
}

/** Folder identity for comparisons: resolved, and case-insensitive where the file system usually is. */
function folderKey(folder: string): string {
  const resolved = path.resolve(folder);
  return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
}

function isFile(file: string): boolean {
  try {
    // Most folders have no config file: no error is made for each of them.
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
