// Finding the security file on disk: walks folders for YAML and Markdown, skipping what is never
// part of it (dependencies, VCS data, build output).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceDocument } from '../engine';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test']);
const DOCUMENT_EXTENSION = /\.(ya?ml|md|markdown)$/i;

export function isCandidateFile(file: string): boolean {
  return DOCUMENT_EXTENSION.test(file);
}

/** Files under the given paths (files are taken as given; folders are walked). Throws on a missing path. */
export function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  const visit = (target: string, explicit: boolean) => {
    const stat = fs.statSync(target);
    if (stat.isDirectory()) {
      if (!explicit && SKIPPED_DIRECTORIES.has(path.basename(target))) return;
      for (const entry of fs.readdirSync(target).sort()) visit(path.join(target, entry), false);
    } else if (stat.isFile() && (explicit || isCandidateFile(target))) {
      files.push(target);
    }
  };
  for (const target of paths) visit(path.resolve(target), true);
  return [...new Set(files)];
}

export function languageIdOf(file: string): string {
  return /\.(md|markdown)$/i.test(file) ? 'markdown' : 'yaml';
}

export function readSourceDocument(file: string): SourceDocument {
  return { uri: pathToFileURL(file).href, languageId: languageIdOf(file), version: 0, text: fs.readFileSync(file, 'utf8') };
}
