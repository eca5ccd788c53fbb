// `clause-guide diff REF1..REF2 [paths…]`: what changed in the security file between two commits,
// read through git without checking either out (node/gitSnapshot.ts), compared by the engine
// (diffSnapshots) and written as text, Markdown or JSON.
import { diffSnapshots, formatReleaseDiff, type Catalog } from '../engine';
import { readSnapshot, repositoryRoot, resolveCommit, scopeInRepository } from '../node/gitSnapshot';
import { printable } from './formats';
import type { CliIO } from './main';

/** REF1..REF2, as git writes a range; an empty side is HEAD (`v2.2.0..` is v2.2.0..HEAD). */
export function parseRange(range: string): [string, string] | undefined {
  const parts = range.split('..');
  if (parts.length !== 2 || parts[0] === '' || range.includes('...')) return undefined;
  return [parts[0], parts[1] || 'HEAD'];
}

/** Exit code 0 when both versions were read whole; 2 when a file of either could not be (the diff is still printed). */
export function diffCommand(range: [string, string], paths: string[], format: 'text' | 'md' | 'json', io: CliIO, catalog: Catalog): number {
  const repo = repositoryRoot(io.cwd);
  const scope = scopeInRepository(repo, io.cwd, paths);
  const [before, after] = range.map((ref) => {
    const commit = resolveCommit(repo, ref);
    const { snapshot, unread } = readSnapshot(repo, commit, ref, scope, catalog);
    for (const file of unread) io.stderr(`clause-guide: cannot read ${printable(file.file)} at ${printable(ref)}: ${printable(file.reason)}\n`);
    return { snapshot, unread };
  });
  io.stdout(formatReleaseDiff(diffSnapshots(before.snapshot, after.snapshot), format) + '\n');
  const unread = before.unread.length + after.unread.length;
  if (!unread) return 0;
  io.stderr(`clause-guide: ${unread === 1 ? '1 file' : `${unread} files`} could not be read, so ${unread === 1 ? 'it is' : 'they are'} not in this diff.\n`);
  return 2;
}
