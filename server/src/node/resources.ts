// Host-side I/O the engine must not do: finding and reading the catalog and the user's clause text.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogFromData, loadCatalog, parseOfficialText, type Catalog, type OfficialText } from '../engine';
import { decodeText, formatBytes, readRegularFile, UnreadableFileError } from './files';

const CATALOG_RELATIVE = path.join('catalog', 'clauses.yaml');

/** The catalog file shipped with the package: found upward from the running bundle (dist/ or out/…). */
export function findCatalogFile(startDir: string = __dirname): string {
  let dir = startDir;
  for (;;) {
    const candidate = path.join(dir, CATALOG_RELATIVE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Clause Guide: cannot find ${CATALOG_RELATIVE} above ${startDir}`);
    dir = parent;
  }
}

export function readCatalog(file: string = findCatalogFile()): Catalog {
  const text = fs.readFileSync(file, 'utf8');
  const data = precompiledCatalogData(text);
  return data === undefined ? loadCatalog(text) : catalogFromData(data);
}

/** The catalog's data as the build keeps it beside the bundle (scripts/catalogJson.mjs). */
export const PRECOMPILED_CATALOG = path.join(__dirname, 'catalog.json');

/**
 * The catalog's data from the build's JSON when it was made from exactly this text (its SHA-256),
 * else undefined: from source (no JSON beside out/), or a catalog edited since the build.
 */
export function precompiledCatalogData(yamlText: string, jsonFile: string = PRECOMPILED_CATALOG): unknown {
  let kept: { sha256?: unknown; data?: unknown };
  try {
    kept = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { sha256?: unknown; data?: unknown };
  } catch {
    return undefined;
  }
  return kept?.sha256 === createHash('sha256').update(yamlText).digest('hex') ? kept.data : undefined;
}

/** The clause text of the whole standard is well under this; a larger file is refused before it is read. */
export const MAX_CLAUSE_TEXT_SIZE = 20 * 1024 * 1024;

/**
 * Reads the user's clause text file, re-reading only when its modification time changes. Only a
 * regular file is read, with its size checked first and the read bounded: the setting may point
 * at /dev/zero or a FIFO, which would otherwise hang the server.
 */
export class OfficialTextCache {
  private readonly entries = new Map<string, { mtimeMs: number; text: OfficialText }>();

  /** Returns the parsed text, or an error message the host can show once. */
  load(file: string): { text?: OfficialText; error?: string } {
    try {
      const { mtimeMs } = fs.statSync(file);
      const cached = this.entries.get(file);
      if (cached && cached.mtimeMs === mtimeMs) return { text: cached.text };
      const text = parseOfficialText(decodeText(readRegularFile(file, MAX_CLAUSE_TEXT_SIZE)).text, file);
      this.entries.set(file, { mtimeMs, text });
      return { text };
    } catch (error) {
      if (error instanceof UnreadableFileError && error.message.startsWith('it is larger than')) {
        return { error: `${file} is larger than ${formatBytes(MAX_CLAUSE_TEXT_SIZE)}; not loaded.` };
      }
      return { error: `Cannot read the clause text file ${file}: ${(error as Error).message}` };
    }
  }
}
