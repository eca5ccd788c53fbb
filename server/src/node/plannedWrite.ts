// Writing what a command planned (the tailoring record, an SBOM's support sidecar, an export)
// to disk, the same way for every command: atomically (atomicWrite.ts), inside the given root, and
// never over a file that changed since the plan was made from it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits, type TextEdit } from '../engine';
import { writeFileAtomic, WriteFileError } from './atomicWrite';
import { decodeText, encodeText, readRegularFile, UnreadableFileError } from './files';
import { filePathOf } from './uri';

/** A planned change of one file: a new file's whole text, or insertions into the text the analysis read. */
export interface PlannedFile {
  uri: string;
  create: boolean;
  text?: string;
  edits?: TextEdit[];
}

/**
 * Writes a plan; returns why it could not (nothing is then written). A new file must not exist; an
 * existing one must still hold the text the plan was made from (`analysed`). It is re-read the way
 * it was read for the analysis (UTF-8 with or without a byte-order mark, or UTF-16) and written back
 * the same way, through a temporary file in its folder, and only inside `root`.
 */
export function writePlannedFile(plan: PlannedFile, analysed: string | undefined, root: string): string | undefined {
  const file = filePathOf(plan.uri);
  try {
    if (plan.create) {
      writeFileAtomic(file, Buffer.from(plan.text!, 'utf8'), { expected: null, root });
      return undefined;
    }
    if (!plan.edits?.length) return undefined;
    // A little more than the text the analysis read: a file that grew far past it changed anyway.
    const bytes = readRegularFile(file, Math.max(1024, (analysed?.length ?? 0) * 4 + 1024));
    const current = decodeText(bytes);
    if (current.text !== analysed) return `${file} changed while it was being read; run again.`;
    writeFileAtomic(file, encodeText(applyTextEdits(current.text, plan.edits), current), { expected: bytes, root });
    return undefined;
  } catch (error) {
    if (error instanceof WriteFileError) return error.message;
    if (error instanceof UnreadableFileError) return `cannot read ${file}: ${error.message}`;
    return `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

/**
 * Writes a regenerated output (`--out FILE`) atomically, replacing what is there: the file must be
 * a regular file if it exists, and is replaced only if it did not change while this ran. `shown`
 * names it in messages. Throws WriteFileError.
 */
export function replaceOutputFile(file: string, bytes: Buffer, shown: string): void {
  let expected: Buffer | null = null;
  try {
    if (fs.existsSync(file)) {
      if (!fs.statSync(file).isFile()) throw new WriteFileError(`${shown} is not a regular file; nothing written.`);
      expected = fs.readFileSync(file);
    }
  } catch (error) {
    if (error instanceof WriteFileError) throw error;
    throw new WriteFileError(`cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  writeFileAtomic(file, bytes, { expected, root: path.dirname(file) });
}
