// Host-side I/O the engine must not do: finding and reading the catalog and the user's clause text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog, parseOfficialText, type Catalog, type OfficialText } from '../engine';

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
  return loadCatalog(fs.readFileSync(file, 'utf8'));
}

/** Reads the user's clause text file, re-reading only when its modification time changes. */
export class OfficialTextCache {
  private readonly entries = new Map<string, { mtimeMs: number; text: OfficialText }>();

  /** Returns the parsed text, or an error message the host can show once. */
  load(file: string): { text?: OfficialText; error?: string } {
    try {
      const { mtimeMs, size } = fs.statSync(file);
      if (size > 20 * 1024 * 1024) return { error: `${file} is larger than 20 MB; not loaded.` };
      const cached = this.entries.get(file);
      if (cached && cached.mtimeMs === mtimeMs) return { text: cached.text };
      const text = parseOfficialText(fs.readFileSync(file, 'utf8'), file);
      this.entries.set(file, { mtimeMs, text });
      return { text };
    } catch (error) {
      return { error: `Cannot read the clause text file ${file}: ${(error as Error).message}` };
    }
  }
}
