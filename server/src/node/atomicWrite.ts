// Writing a file the user keeps (the tailoring record) so that no failure can cost them a line:
// the new bytes go to a temporary file in the same folder (created exclusively), are flushed to
// disk, and only then renamed over the original, which is never truncated. A full disk (ENOSPC)
// or a crash mid-write leaves the original as it was. Before the rename the file must still hold
// the bytes the change was based on, so another program's save in between is not overwritten;
// and the file's real path must lie inside the given root, so a symbolic link cannot carry the
// write out of the workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile } from './files';

/** Why a write was refused or failed; the message is one line for the user. The original file is unchanged. */
export class WriteFileError extends Error {}

export interface AtomicWriteOptions {
  /**
   * The bytes the change was computed from: the file must still hold exactly these just before it
   * is replaced. `null`: the file must not exist (it is created, never overwritten).
   */
  expected: Buffer | null;
  /** The workspace or project folder: the file's real path must be inside it. */
  root: string;
  /** The most the file may hold now, to compare with `expected` (default: that length, plus one). */
  readLimit?: number;
}

/** Writes `data` to `file` atomically (see the file comment), or throws WriteFileError and changes nothing. */
export function writeFileAtomic(file: string, data: Buffer, options: AtomicWriteOptions): void {
  const target = realTarget(file, options.root);
  const folder = path.dirname(target);
  const mode = options.expected ? currentMode(target) : undefined;
  checkUnchanged(target, options);
  const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temporary, 'wx', mode ?? 0o666);
    for (let offset = 0; offset < data.length; ) offset += fs.writeSync(fd, data, offset, data.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // Compared once more right before the swap: the window for a lost update is the rename itself.
    checkUnchanged(target, options);
    if (options.expected === null) {
      // link() fails if the name exists meanwhile: a new file never replaces one that appeared.
      try {
        fs.linkSync(temporary, target);
        fs.unlinkSync(temporary);
      } catch (error) {
        // A file system without hard links (FAT, some network shares): checked above, then renamed.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
        fs.renameSync(temporary, target);
      }
    } else {
      fs.renameSync(temporary, target);
    }
    syncFolder(folder);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    fs.rmSync(temporary, { force: true });
    if (error instanceof WriteFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new WriteFileError(`${file} was created by another program meanwhile; nothing was written. Run again.`);
    const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is used up' : code ?? (error as Error).message;
    throw new WriteFileError(`cannot write ${file}: ${reason}; the file is unchanged.`);
  }
}

/**
 * The path to write: the file's real path (a link inside the workspace is written through, not
 * replaced by a file), or for a new file its real folder plus its name. Refused when that is
 * outside the root's real path.
 */
function realTarget(file: string, root: string): string {
  let realRoot: string;
  let target: string;
  try {
    realRoot = fs.realpathSync.native(root);
    target = fs.existsSync(file) ? fs.realpathSync.native(file) : path.join(fs.realpathSync.native(path.dirname(file)), path.basename(file));
  } catch (error) {
    throw new WriteFileError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; the file is unchanged.`);
  }
  const relative = path.relative(realRoot, target);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new WriteFileError(`${file} leads outside ${root} (to ${target}, through a symbolic link); Clause Guide writes only inside the workspace. Nothing was written.`);
  }
  return target;
}

function checkUnchanged(target: string, { expected, readLimit }: AtomicWriteOptions): void {
  if (expected === null) {
    if (fs.existsSync(target)) throw new WriteFileError(`${target} already exists; nothing was written.`);
    return;
  }
  let current: Buffer | undefined;
  try {
    current = readRegularFile(target, readLimit ?? expected.length + 1);
  } catch {
    // Gone, grown past what was read, or no longer a regular file: changed all the same.
  }
  if (!current?.equals(expected)) {
    throw new WriteFileError(`${target} changed while the update was being made (another program wrote to it); nothing was written. Run again.`);
  }
}

function currentMode(target: string): number | undefined {
  try {
    return fs.statSync(target).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Makes the rename itself durable; not every platform can open a folder, and the write stands without it. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already failing; the first error is the one to report.
  }
}

/** Whether `target`'s real path is inside `root`'s. */
export function isInside(root: string, target: string): boolean {
  try {
    const relative = path.relative(fs.realpathSync.native(root), fs.realpathSync.native(target));
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  } catch {
    return false;
  }
}
