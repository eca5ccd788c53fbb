// A version of the security file as git holds it at a commit, read without checking anything out:
// `git ls-tree` lists the commit's files and `git cat-file --batch` hands over their bytes. git
// runs through execFile (no shell), with a deadline and a bound on what it may print; a ref is
// checked against what a git ref can look like and resolved with `rev-parse --verify` before it
// is used, so it can never be read as an option or a path; the paths asked for stay inside the
// repository. Each version is analysed as `check` would analyse it: its own `.clause-guide.yaml`
// files, projects, findings and coverage (a record counts when the commit holds the file).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Analyzer,
  clauseCoverage,
  DEFAULT_CONFIG,
  isPathIncluded,
  parseConfig,
  parseSourceDocument,
  RULES,
  WorkspaceIndex,
  type Catalog,
  type ClauseGuideConfig,
  type Snapshot,
  type SnapshotProject,
} from '../engine';
import { CONFIG_FILE_NAME, MAX_CONFIG_FILE_SIZE } from './config';
import { fileSizeLimit } from '../engine';
import { decodeText, formatBytes, isCandidateFile, languageIdOf, UnreadableFileError } from './files';
import { filePathOf, fileUri } from './uri';
import { applyThreatDragonPrefixes } from './projects';

/** git failed, timed out, or refused: the message says which, in one line. */
export class GitError extends Error {}

const GIT_TIMEOUT_MS = 30_000;
/** A listing of a whole tree: a large monorepo's is a few MB. */
const MAX_LISTING_BYTES = 64 * 1024 * 1024;
/** All the security documents of one version together. */
const MAX_SNAPSHOT_BYTES = 512 * 1024 * 1024;
/** Folders `check` never walks into (as node/files.ts). */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
/**
 * What a ref may look like: branch and tag names, hex object names, and the suffixes and
 * reflog forms rev-parse takes (HEAD~2, v1.0^, main@{1}). Never a leading '-' (an option), no
 * whitespace, control characters, ':' (a path), '..' (a range) or '\'.
 */
const REF_SHAPE = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/@{}~^+-]{1,200}$/;

function git(repo: string, args: string[], options: { input?: string; maxBuffer?: number } = {}): Buffer {
  try {
    return execFileSync('git', args, {
      cwd: repo,
      input: options.input,
      maxBuffer: options.maxBuffer ?? 1024 * 1024,
      timeout: GIT_TIMEOUT_MS,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Never a prompt for credentials, never a lock file written into the user's repository.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
      windowsHide: true,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer; signal?: string };
    if (failure.code === 'ENOENT') throw new GitError('git is not installed (or not on PATH)');
    if (failure.code === 'ENOBUFS') throw new GitError(`git ${args[0]} printed more than ${formatBytes(options.maxBuffer ?? 1024 * 1024)}`);
    if (failure.signal === 'SIGTERM') throw new GitError(`git ${args[0]} did not finish within ${GIT_TIMEOUT_MS / 1000} s`);
    const said = failure.stderr?.toString('utf8').trim().split('\n')[0];
    throw new GitError(said || `git ${args[0]} failed`);
  }
}

/** The repository's top folder holding `folder`. */
export function repositoryRoot(folder: string): string {
  return git(folder, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
}

/** The commit a ref names, after checking that it looks like a ref at all. */
export function resolveCommit(repo: string, ref: string): string {
  if (!REF_SHAPE.test(ref)) throw new GitError(`"${ref}" is not a git ref (a branch, tag or commit)`);
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitError && !/did not finish|not installed/.test(error.message)) throw new GitError(`no commit "${ref}" in this repository`);
    throw error;
  }
}

interface TreeFile {
  /** Path in the repository, with '/'. */
  path: string;
  object: string;
  size: number;
}

/** A version's file that could not be read (binary, not UTF-8, too large for a snapshot). */
export interface UnreadSnapshotFile {
  file: string;
  reason: string;
}

/**
 * Reads and analyses the security file at `commit`: the documents under `scope` (folders or
 * files, relative to the repository root; [] or ['.'] is all of it), grouped into projects by
 * the `.clause-guide.yaml` files of that commit.
 */
export function readSnapshot(repo: string, commit: string, label: string, scope: string[], catalog: Catalog): { snapshot: Snapshot; unread: UnreadSnapshotFile[] } {
  const tree = listTree(repo, commit);
  const paths = new Set(tree.map((file) => file.path));
  const inScope = (file: string) => scope.length === 0 || scope.some((prefix) => prefix === '.' || file === prefix || file.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
  const configFiles = tree.filter((file) => path.posix.basename(file.path) === CONFIG_FILE_NAME);
  const documents = tree.filter((file) => isCandidateFile(file.path) && inScope(file.path) && !file.path.split('/').slice(0, -1).some((part) => SKIPPED_DIRECTORIES.has(part)));
  const unread: UnreadSnapshotFile[] = [];

  const configs = new Map<string, ClauseGuideConfig>();
  const configTexts = readBlobs(repo, configFiles.filter((file) => file.size <= MAX_CONFIG_FILE_SIZE));
  for (const file of configFiles) {
    const bytes = configTexts.get(file.object);
    const folder = path.posix.dirname(file.path);
    // An unreadable config is the defaults, as `check` takes it (with its own finding there).
    const decoded = bytes ? decode(bytes) : { reason: `it is larger than ${formatBytes(MAX_CONFIG_FILE_SIZE)}` };
    if ('reason' in decoded) {
      // As `check` takes it: a configuration that cannot be read fails the run, not defaults nobody wrote.
      unread.push({ file: file.path, reason: decoded.reason });
      configs.set(folder, DEFAULT_CONFIG);
      continue;
    }
    const { config, problems } = parseConfig(decoded.text, RULES.map((rule) => rule.name));
    if (problems.length) unread.push({ file: file.path, reason: `${problems.length} problem(s) in the configuration, the first on line ${problems[0].range.start.line + 1}: ${problems[0].message}` });
    configs.set(folder, config);
  }
  const projectOf = (file: string): { root: string; config: ClauseGuideConfig } => {
    for (let folder = path.posix.dirname(file); ; folder = path.posix.dirname(folder)) {
      const config = configs.get(folder);
      if (config) return { root: folder, config };
      if (folder === '.' || folder === '/') return { root: '.', config: DEFAULT_CONFIG };
    }
  };

  const grouped = new Map<string, { config: ClauseGuideConfig; files: TreeFile[] }>();
  for (const file of documents) {
    const { root, config } = projectOf(file.path);
    if (!isPathIncluded(config, root === '.' ? file.path : path.posix.relative(root, file.path))) continue;
    const group = grouped.get(root) ?? { config, files: [] };
    group.files.push(file);
    grouped.set(root, group);
  }

  const readable = [...grouped.values()].flatMap(({ config, files }) => files.filter((file) => file.size <= fileSizeLimit(config.maxFileSize).limit));
  const blobs = readBlobs(repo, readable);
  const analyzer = new Analyzer(catalog);
  const pathOf = (uri: string) => path.relative(repo, filePathOf(uri)).split(path.sep).join('/');
  const projects: SnapshotProject[] = [];
  for (const [root, { config, files }] of [...grouped].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const index = new WorkspaceIndex();
    applyThreatDragonPrefixes(index, path.join(repo, root), config);
    const { limit } = fileSizeLimit(config.maxFileSize);
    for (const file of files) {
      const uri = fileUri(path.join(repo, file.path));
      const languageId = languageIdOf(file.path);
      if (file.size > limit) {
        // As `check` takes it: a file too large to read is unread input, not a pass.
        unread.push({ file: file.path, reason: `it is larger than ${formatBytes(limit)} (maxFileSize)` });
        continue;
      }
      const decoded = decode(blobs.get(file.object)!);
      if ('reason' in decoded) unread.push({ file: file.path, reason: decoded.reason });
      else index.update(parseSourceDocument({ uri, languageId, version: 1, text: decoded.text }));
    }
    const recordExists = (fromUri: string, record: string) => {
      const written = record.trim().replace(/\\/g, '/');
      if (!written || written.includes('\0')) return false;
      const from = path.posix.dirname(pathOf(fromUri));
      const target = written.startsWith('/') ? path.posix.join(root, written) : path.posix.normalize(path.posix.join(from, written));
      return paths.has(target);
    };
    // Judged as `check` judges the working tree: records are the files of that commit.
    const findings = [...analyzer.analyze(index, config, { recordExists }).values()].flat();
    const coverage = clauseCoverage(index, catalog, config, { findings, recordExists });
    projects.push({ name: root, index, findings, coverage, pathOf });
  }
  return { snapshot: { label, projects }, unread };
}

/** The text of a file, or why it is none (decodeText's reasons: binary, not UTF-8 or UTF-16 with its mark). */
function decode(bytes: Buffer): { text: string } | { reason: string } {
  try {
    return { text: decodeText(bytes).text };
  } catch (error) {
    if (error instanceof UnreadableFileError) return { reason: error.message };
    throw error;
  }
}

function listTree(repo: string, commit: string): TreeFile[] {
  const listing = git(repo, ['ls-tree', '-r', '-z', '-l', '--full-tree', commit], { maxBuffer: MAX_LISTING_BYTES }).toString('utf8');
  const files: TreeFile[] = [];
  for (const entry of listing.split('\0')) {
    // "<mode> <type> <object> <size>\t<path>"; links (120000) and submodules (commit) are not documents.
    const match = /^(100644|100755) blob ([0-9a-f]+) +(\d+)\t(.+)$/s.exec(entry);
    if (match) files.push({ path: match[4], object: match[2], size: Number(match[3]) });
  }
  return files;
}

/** The bytes of each object, by object name, through one `git cat-file --batch`. */
function readBlobs(repo: string, files: TreeFile[]): Map<string, Buffer> {
  const objects = [...new Set(files.map((file) => file.object))];
  const blobs = new Map<string, Buffer>();
  if (!objects.length) return blobs;
  const expected = files.reduce((sum, file) => sum + file.size, 0);
  if (expected > MAX_SNAPSHOT_BYTES) throw new GitError(`the security documents at this commit hold ${formatBytes(expected)}, more than ${formatBytes(MAX_SNAPSHOT_BYTES)}`);
  const output = git(repo, ['cat-file', '--batch'], { input: objects.join('\n') + '\n', maxBuffer: expected + objects.length * 128 + 1024 });
  let at = 0;
  while (at < output.length) {
    const headerEnd = output.indexOf(0x0a, at);
    const header = output.subarray(at, headerEnd).toString('utf8');
    const match = /^([0-9a-f]+) blob (\d+)$/.exec(header);
    if (!match) throw new GitError(`git cat-file answered "${header.slice(0, 80)}"`);
    const size = Number(match[2]);
    blobs.set(match[1], output.subarray(headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return blobs;
}

/**
 * The paths given on the command line as paths inside the repository ('.' for all of it). A path
 * outside it is refused: git would be asked for nothing, and the diff would say nothing changed.
 */
export function scopeInRepository(repo: string, cwd: string, paths: string[]): string[] {
  const realRepo = fs.realpathSync(repo);
  let realCwd: string;
  try {
    realCwd = fs.realpathSync(cwd);
  } catch {
    realCwd = cwd;
  }
  return paths.map((given) => {
    const relative = path.relative(realRepo, path.resolve(realCwd, given));
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new GitError(`${given} is outside the repository ${repo}`);
    return relative === '' ? '.' : relative.split(path.sep).join('/');
  });
}
