// The server's view of the workspace: every security file of the workspace folders (read from
// disk, or from the editor when open), grouped into projects by configuration, analysed, and
// published. An edit re-parses one file; document-rule results of other files come from cache;
// diagnostics are re-sent only for files whose findings changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection, Diagnostic, FileEvent } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Analyzer, ParsedDocumentCache, type Catalog, type Finding, type ParsedDocument } from '../engine';
import { CONFIG_FILE_NAME } from '../node/config';
import { collectFiles, isCandidateFile, languageIdOf } from '../node/files';
import { ProjectSet, type Project } from '../node/projects';
import { toDiagnostic } from './convert';

const ANALYSIS_DELAY_MS = 100;
/** Files larger than this are not indexed from disk (they are rarely security documents). */
const MAX_INDEXED_FILE_BYTES = 5 * 1024 * 1024;
const INDEX_BATCH = 64;

export class WorkspaceState {
  private readonly parsedCache = new ParsedDocumentCache();
  private readonly analyzer: Analyzer;
  private projects: ProjectSet;
  private folders: string[] = [];
  private readonly findings = new Map<string, Finding[]>();
  private readonly published = new Map<string, string>();
  private readonly dirty = new Set<Project>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    catalog: Catalog,
    private readonly openDocuments: { get(uri: string): TextDocument | undefined },
  ) {
    this.analyzer = new Analyzer(catalog);
    this.projects = new ProjectSet();
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.projects = new ProjectSet(undefined, folders);
  }

  /** Reads every candidate file of the workspace folders, in batches so requests are served meanwhile. */
  async indexFolders(): Promise<void> {
    const files = this.folders.flatMap((folder) => {
      try {
        return collectFiles([folder]);
      } catch (error) {
        this.connection.console.warn(`Clause Guide: cannot list ${folder}: ${(error as Error).message}`);
        return [];
      }
    });
    for (let i = 0; i < files.length; i += INDEX_BATCH) {
      for (const file of files.slice(i, i + INDEX_BATCH)) this.indexFromDisk(file);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.analyzeNow();
  }

  /** An open document was opened or changed: index the editor's text. */
  documentChanged(document: TextDocument): void {
    const project = this.projectForUri(document.uri);
    if (!project) return;
    const parsed = this.parse(document.uri, document.languageId, document.version, document.getText());
    if (project.index.update(parsed)) this.schedule(project);
  }

  /** An open document was closed: fall back to the file on disk, or drop it if it is not a workspace file. */
  documentClosed(uri: string): void {
    const filePath = URI.parse(uri).scheme === 'file' ? URI.parse(uri).fsPath : undefined;
    if (filePath && this.inFolders(filePath) && fs.existsSync(filePath)) {
      this.indexFromDisk(filePath);
    } else {
      this.remove(uri);
    }
  }

  /** Created, changed and deleted files reported by the client's file watcher. */
  filesChanged(changes: FileEvent[]): void {
    for (const change of changes) {
      const filePath = URI.parse(change.uri).fsPath;
      if (path.basename(filePath) === CONFIG_FILE_NAME) {
        this.configChanged();
        return;
      }
      if (this.openDocuments.get(change.uri)) continue; // the editor's text wins over the disk
      if (change.type === FileChangeType.Deleted) this.remove(change.uri);
      else if (isCandidateFile(filePath)) this.indexFromDisk(filePath);
    }
  }

  /** A configuration file changed: regroup every file under the new configuration. */
  configChanged(): void {
    const known = this.projects.all().flatMap((project) => project.index.files());
    this.projects = new ProjectSet(undefined, this.folders);
    for (const parsed of known) {
      const project = this.projectForUri(parsed.source.uri);
      if (project) {
        project.index.update(parsed);
        this.dirty.add(project);
      } else {
        this.findings.delete(parsed.source.uri);
        this.publish(parsed.source.uri, []);
      }
    }
    this.analyzeNow();
  }

  parsed(uri: string): ParsedDocument | undefined {
    return this.projects.holding(uri)?.index.parsed(uri);
  }

  project(uri: string): Project | undefined {
    return this.projects.holding(uri);
  }

  /** Current findings of a file; runs pending analysis first so fixes match the text the editor shows. */
  findingsFor(uri: string): Finding[] {
    if (this.dirty.size) this.analyzeNow();
    return this.findings.get(uri) ?? [];
  }

  private indexFromDisk(filePath: string): void {
    const uri = URI.file(filePath).toString();
    if (this.openDocuments.get(uri)) return;
    const project = this.projects.projectFor(filePath, this.rootFor(filePath));
    if (!project) return;
    try {
      const stat = fs.statSync(filePath);
      if (stat.size > MAX_INDEXED_FILE_BYTES) {
        this.connection.console.info(`Clause Guide: not indexing ${filePath} (${stat.size} bytes)`);
        return;
      }
      const text = fs.readFileSync(filePath, 'utf8');
      // Disk versions use the modification time, so an unchanged file is not re-parsed.
      if (project.index.update(this.parse(uri, languageIdOf(filePath), -Math.floor(stat.mtimeMs), text))) this.schedule(project);
    } catch (error) {
      // Deleted while being read, or unreadable: it simply is not part of the workspace now.
      this.connection.console.info(`Clause Guide: cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      this.remove(uri);
    }
  }

  private remove(uri: string): void {
    const project = this.projects.holding(uri);
    this.parsedCache.delete(uri);
    if (project?.index.remove(uri)) this.schedule(project);
    this.findings.delete(uri);
    this.publish(uri, []);
  }

  private parse(uri: string, languageId: string, version: number, text: string): ParsedDocument {
    return this.parsedCache.get({ uri, languageId, version, text });
  }

  private projectForUri(uri: string): Project | undefined {
    const parsed = URI.parse(uri);
    const filePath = parsed.scheme === 'file' ? parsed.fsPath : path.join(this.folders[0] ?? path.sep, path.basename(parsed.path) || 'untitled');
    return this.projects.projectFor(filePath, this.rootFor(filePath));
  }

  private rootFor(filePath: string): string {
    return this.folders.find((folder) => filePath.startsWith(folder + path.sep)) ?? path.dirname(filePath);
  }

  private inFolders(filePath: string): boolean {
    return this.folders.some((folder) => filePath.startsWith(folder + path.sep));
  }

  private schedule(project: Project): void {
    this.dirty.add(project);
    clearTimeout(this.timer);
    // Typing fires a change per keystroke: analyse once the burst settles.
    this.timer = setTimeout(() => this.analyzeNow(), ANALYSIS_DELAY_MS);
  }

  private analyzeNow(): void {
    clearTimeout(this.timer);
    const projects = [...this.dirty];
    this.dirty.clear();
    for (const project of projects) {
      try {
        for (const [uri, findings] of this.analyzer.analyze(project.index, project.config)) {
          this.findings.set(uri, findings);
          this.publish(uri, findings.map(toDiagnostic));
        }
      } catch (error) {
        this.connection.console.error(`Clause Guide: analysis of ${project.key} failed: ${(error as Error)?.stack ?? error}`);
      }
    }
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === key) return;
    this.published.set(uri, key);
    void this.connection.sendDiagnostics({ uri, diagnostics });
  }
}
