// Whether a record a document names ("record: reports/pentest-2.3.0.pdf") is a file of the
// repository. Coverage counts a record only when it is: a path to nothing is no evidence, and
// neither is a stub (an empty file, or one holding only placeholder text such as "TODO"). Only
// regular files inside the project root count, whichever way a link points, and each path is
// looked at once per checker (a checker lives for one CLI run, or until the server's files change).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPlaceholderText } from '../engine/placeholder';
import { FileTooLargeError, readRegularFile } from './files';
import { filePathOf } from './uri';

/** Files up to this size are read to tell a stub ("TODO") from a record; a larger file is content. */
const STUB_LIMIT = 4096;

/** Whether a regular file is a stub: empty, or placeholder text only (read as a regular file only: never a FIFO that could block). */
function isStub(file: string, size: number): boolean {
  if (size === 0) return true;
  if (size > STUB_LIMIT) return false;
  try {
    return isPlaceholderText(readRegularFile(file, STUB_LIMIT).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    // Grown past the limit meanwhile: content. Gone or unreadable now: nothing to show.
    return !(error instanceof FileTooLargeError);
  }
}

/** A path relative to the naming document's folder, or to `root` when it starts with '/'. */
export function recordFileChecker(root: string): (fromUri: string, record: string) => boolean {
  const seen = new Map<string, boolean>();
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return () => false;
  }
  return (fromUri, record) => {
    let from: string;
    try {
      from = filePathOf(fromUri);
    } catch {
      return false; // not a file on this disk (an untitled buffer): nothing to look at
    }
    const written = record.trim().replace(/\\/g, '/');
    if (!written || written.includes('\0')) return false;
    const file = written.startsWith('/') ? path.join(root, written) : path.resolve(path.dirname(from), written);
    const known = seen.get(file);
    if (known !== undefined) return known;
    let exists = false;
    try {
      // Most paths a failing check looks at name nothing: ask without the exception realpath
      // would build (a stack trace per missing record), and resolve links only for what exists.
      if (!fs.statSync(file, { throwIfNoEntry: false })) {
        seen.set(file, false);
        return false;
      }
      const real = fs.realpathSync(file);
      const stat = fs.statSync(real);
      exists = (real === realRoot || real.startsWith(realRoot + path.sep)) && stat.isFile() && !isStub(real, stat.size);
    } catch {
      exists = false;
    }
    seen.set(file, exists);
    return exists;
  };
}
