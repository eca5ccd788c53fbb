// Every security file of the workspace folders, as the analysis sees it: read from disk (and kept
// up to date from the client's file watcher), or the editor's text while a document is open, and
// grouped into projects by their `.clause-guide.yaml`. Each file's project is looked up once, when
// the file first appears; configuration files are looked at again once per analysis (prepare) or
// when the watcher reports them, and a configuration change moves files between projects with
// their models, without reading or parsing them again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileEvent } from 'vscode-languageserver/node';
import { FileChangeType } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { fileSizeLimit, keepTextIn, ParsedDocumentCache, WorkspaceIndex, type FileSizeLimit, type ParsedDocument } from '../engine';
import { CONFIG_FILE_NAME, ConfigCache } from '../node/config';
import { collectFiles, describeIoError, isCandidateFile, isEvidenceFile, isInsideByRealPath, isReadUnder, readSourceDocument, UnreadableFileError } from '../node/files';
import { PackedSource, UnpackedTexts } from '../node/packedText';
import { ProjectSet, type Project } from '../node/projects';
import { fileUri } from '../node/uri';
import type { FolderSettings } from './folderSettings';

/** Files read per turn of the event loop while reading the folders, so requests are served meanwhile. */
const READ_BATCH = 64;

export interface Log {
  info(message: string): void;
  warn(message: string): void;
}

/** Told what changed: a project whose files changed (to analyse it), a file that left the analysis (to clear it). */
export interface FilesListener {
  changed(project: Project): void;
  removed(uri: string): void;
}

/** What is read of an open document (the server's are EditorDocuments). */
export interface OpenDocument {
  readonly uri: string;
  readonly languageId: string;
  readonly version: number;
  getText(): string;
}

interface Entry {
  /** Its path (for a document that is not a file, where it is taken to be). */
  path: string;
  /** The project that holds it; undefined while its configuration excludes it (kept, so a change can bring it back). */
  project: Project | undefined;
}

export class WorkspaceFiles {
  private readonly parsedCache = new ParsedDocumentCache();
  /** The last texts of packed files read (see PackedSource): this server's, not the process's. */
  private readonly unpackedTexts = new UnpackedTexts();
  /** Config files are read once and looked at again only in prepare() or on a watcher event (see ConfigCache.changedFiles). */
  private readonly configs = new ConfigCache(undefined, false);
  private projects: ProjectSet;
  /** Every file known: read from disk, or open in the editor. */
  private readonly entries = new Map<string, Entry>();
  /** Evidence files found by the last reading of the folders and not read yet (see readEvidence). */
  private pendingEvidence: string[] = [];
  /** Open documents edited since they were last parsed: parsed once, when analysis or a request needs them. */
  private readonly edited = new Set<string>();

  constructor(
    private readonly settings: FolderSettings,
    private readonly openDocuments: { get(uri: string): OpenDocument | undefined },
    private readonly log: Log,
    private readonly listener: FilesListener,
  ) {
    this.projects = this.newProjectSet();
  }

  /** The folders changed (at initialisation): start over. */
  foldersChanged(): void {
    this.projects = this.newProjectSet();
    this.entries.clear();
  }

  /** Every project that holds at least one file. */
  allProjects(): Project[] {
    return this.projects.all().filter((project) => project.index.files().length > 0);
  }

  /** The project that holds a file (undefined when no project does). */
  project(uri: string): Project | undefined {
    const project = this.entries.get(uri)?.project;
    return project?.index.has(uri) ? project : undefined;
  }

  parsed(uri: string): ParsedDocument | undefined {
    return this.project(uri)?.index.parsed(uri);
  }

  /** The editor's version of an open file's indexed text (undefined for files read from disk). */
  editorVersion(uri: string): number | undefined {
    // Only a version the editor sent: an open file whose indexed text came from disk (an evidence
    // file such as an SBOM is read from disk; a disk reading's version is -mtime) has findings of
    // no version of the editor's, and the sidecar YAML beside an SBOM is read from the editor.
    const open = this.openDocuments.get(uri);
    const version = open ? this.parsed(uri)?.source.version : undefined;
    return version !== undefined && version === open!.version ? version : undefined;
  }

  /**
   * Reads every candidate file of the folders, in batches so requests are served meanwhile. The
   * settings are asked for at the same time (a request right after startup already sees the
   * workspace); if they change what is read (checkWorkspace, maxFileSize), the folders are read again.
   */
  async readFolders(): Promise<void> {
    const loading = this.settings.load();
    const readWith = this.settings.readingKey();
    await this.readAll(loading);
    await loading;
    if (this.settings.readingKey() !== readWith) await this.reread();
  }

  /** What is read from disk changed (checkWorkspace, maxFileSize): drop the files read from disk and read the folders again. */
  async reread(): Promise<void> {
    for (const [uri] of this.entries) if (!this.openDocuments.get(uri)) this.forget(uri);
    await this.readAll();
    await this.readEvidence();
  }

  /**
   * Reads the folders' files. Evidence files (JSON, XML) come last, after `before` (the settings):
   * the first SBOM compiles its official schema, which holds the event loop for a second or two,
   * and the editor's settings must not time out meanwhile.
   */
  private async readAll(before: Promise<void> = Promise.resolve()): Promise<void> {
    this.pendingEvidence = [];
    const files = this.settings.folders.flatMap((folder) => {
      if (!this.settings.of(folder).checkWorkspace) return [];
      try {
        return collectFiles([folder], (file, reason) => this.log.info(`Clause Guide: skipping ${file}: ${reason}`));
      } catch (error) {
        this.log.warn(`Clause Guide: cannot list ${folder}: ${(error as Error).message}`);
        return [];
      }
    });
    const evidence = files.filter((file) => isEvidenceFile(file));
    const documents = files.filter((file) => !isEvidenceFile(file));
    await this.readInBatches(documents);
    await before.catch(() => undefined);
    this.pendingEvidence = evidence;
  }

  /**
   * Reads the evidence files the last reading of the folders found. The server does this after the
   * first analysis of the documents: the first SBOM compiles its official schema, a second or two,
   * and the diagnostics of the files people edit should not wait for it.
   */
  async readEvidence(): Promise<void> {
    const evidence = this.pendingEvidence;
    this.pendingEvidence = [];
    if (!evidence.length) return;
    // A turn of the event loop first, so the diagnostics just published are written out before the compile holds it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
    await this.readInBatches(evidence);
  }

  private async readInBatches(files: string[]): Promise<void> {
    for (let i = 0; i < files.length; i += READ_BATCH) {
      for (const file of files.slice(i, i + READ_BATCH)) this.readFromDisk(file);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** An open document was opened or edited. Typing sends a change per keystroke, faster than a large file parses: it is parsed when analysis or a request needs it. */
  documentEdited(document: OpenDocument): void {
    const entry = this.entryFor(document.uri, this.pathOf(document.uri));
    this.edited.add(document.uri);
    if (entry.project) this.listener.changed(entry.project);
  }

  /** An open document was closed: fall back to the file on disk, or drop it if it is not a workspace file. */
  documentClosed(uri: string): void {
    this.edited.delete(uri);
    const location = URI.parse(uri);
    const filePath = location.scheme === 'file' ? location.fsPath : undefined;
    if (filePath && isCandidateFile(filePath) && fs.existsSync(filePath) && this.isWorkspaceFile(filePath)) this.readFromDisk(filePath);
    else this.forget(uri);
  }

  /** Indexes the editor's latest text of a document if it was edited since (requests call this, so they see what the editor shows). */
  sync(uri: string): void {
    if (!this.edited.delete(uri)) return;
    const document = this.openDocuments.get(uri);
    if (document) this.indexOpen(document);
  }

  /** Indexes the editor's latest text of every document edited since it was last parsed. */
  syncEdited(): void {
    for (const uri of [...this.edited]) this.sync(uri);
  }

  /**
   * Before an analysis: parses the edited documents, and looks at the configuration files once
   * (a client without a file watcher still sees a changed `.clause-guide.yaml`).
   */
  prepare(): void {
    this.syncEdited();
    const changed = this.configs.changedFiles();
    if (changed.length) this.regroup(changed);
  }

  /**
   * Created, changed and deleted files reported by the client's file watcher, all of them: a
   * configuration change among them regroups the files once, after the others are applied.
   * Paths outside the workspace folders are not part of the workspace.
   */
  filesChanged(changes: FileEvent[]): void {
    const configFiles: string[] = [];
    for (const change of changes) {
      const location = URI.parse(change.uri);
      if (location.scheme !== 'file' || !this.settings.folderOf(location.fsPath)) continue;
      const filePath = location.fsPath;
      if (path.basename(filePath) === CONFIG_FILE_NAME) configFiles.push(filePath);
      else if (this.openDocuments.get(change.uri)) continue; // the editor's text wins over the disk
      else if (change.type === FileChangeType.Deleted) this.deleted(change.uri, filePath);
      else if (!isCandidateFile(filePath)) continue;
      else if (this.isWorkspaceFile(filePath)) this.readFromDisk(filePath);
      else this.forget(change.uri);
    }
    if (configFiles.length) this.regroup(configFiles);
  }

  /**
   * Whether a path the watcher or a closed editor names is a file of its workspace folder by real
   * path: a link out of the folder (to a file, or a folder on the way) is not read, so an outside
   * file's text never reaches the analysis. Devices and FIFOs are refused when read (openRegularFile).
   */
  private isWorkspaceFile(filePath: string): boolean {
    const folder = this.settings.folderOf(filePath);
    if (!folder) return false;
    if (isInsideByRealPath(filePath, folder)) return true;
    // Gone, or a dangling link: the read says so and reads nothing.
    if (!fs.existsSync(filePath)) return true;
    this.log.info(`Clause Guide: skipping ${filePath}: its real path is outside the workspace folder; not read`);
    return false;
  }

  /** A file or a whole folder was deleted. */
  private deleted(uri: string, filePath: string): void {
    if (this.entries.has(uri)) return this.forget(uri);
    const inside = filePath + path.sep;
    for (const [known, entry] of this.entries) if (entry.path.startsWith(inside) && !this.openDocuments.get(known)) this.forget(known);
  }

  /**
   * Configuration files changed: every known file goes to the project its configuration now
   * gives it. A file that changes project takes its parsed text and model along; one that the
   * configuration no longer excludes is read now; one it now excludes leaves the analysis.
   */
  private regroup(configFiles: string[]): void {
    for (const file of configFiles) this.configs.invalidate(file);
    for (const [uri, entry] of this.entries) {
      const before = entry.project;
      const after = this.projects.projectFor(entry.path, this.settings.rootFor(entry.path));
      entry.project = after;
      const parsed = before?.index.parsed(uri);
      if (before && parsed && before.index !== after?.index) {
        const model = before.index.model(uri);
        before.index.remove(uri);
        this.listener.changed(before);
        if (after) after.index.update(parsed, model ?? null);
        else this.listener.removed(uri);
      }
      if (!after) continue;
      if (!after.index.has(uri)) this.bringIn(uri, entry.path);
      else if (this.readUnderOtherLimit(after.index.parsed(uri)!, after)) this.bringIn(uri, entry.path);
      this.listener.changed(after);
    }
    this.projects.dropEmpty();
  }

  /** Indexes a known file that is not indexed (or must be read again): from the editor when open, else from disk. */
  private bringIn(uri: string, filePath: string): void {
    const document = this.openDocuments.get(uri);
    if (document) this.indexOpen(document);
    else if (URI.parse(uri).scheme === 'file') this.readFromDisk(filePath);
  }

  /** A file skipped as too large may now be read, and one that was read may now be too large. */
  private readUnderOtherLimit(parsed: ParsedDocument, project: Project): boolean {
    const { source } = parsed;
    const { limit, capped } = this.sizeLimit(project);
    // The line index knows the text's length: a packed text is unpacked only when it may be over the limit.
    return source.skipped ? source.skipped.limit !== limit || !!source.skipped.capped !== capped : parsed.lines.length > limit / 3 && Buffer.byteLength(source.text, 'utf8') > limit;
  }

  private indexOpen(document: OpenDocument): void {
    const project = this.entryFor(document.uri, this.pathOf(document.uri)).project;
    if (!project) return;
    const text = document.getText();
    const { limit, capped } = this.sizeLimit(project);
    // UTF-8 takes at most three bytes per UTF-16 unit: a text under a third of the limit need not be counted.
    const bytes = text.length > limit / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
    const source =
      bytes > limit
        ? { uri: document.uri, languageId: document.languageId, version: document.version, text: '', skipped: { reason: 'too-large' as const, bytes, limit, ...(capped && { capped }) } }
        : { uri: document.uri, languageId: document.languageId, version: document.version, text };
    if (project.index.update(this.parsedCache.get(source))) this.listener.changed(project);
  }

  private readFromDisk(filePath: string): void {
    const uri = fileUri(filePath);
    if (this.openDocuments.get(uri)) return;
    if (!this.settings.of(filePath).checkWorkspace) {
      // Only open documents are checked: a file that is not open is not part of the analysis.
      this.forget(uri);
      return;
    }
    const project = this.entryFor(uri, filePath).project;
    if (!project) return;
    if (!isReadUnder(filePath, project.config)) {
      // A JSON or XML file its project does not take in (a package.json where no `include` asks for evidence).
      this.forget(uri);
      return;
    }
    try {
      // Over the size limit it is not read (file-too-large says so); its version is minus its
      // modification time, so an unchanged file is not re-parsed.
      const parsed = this.parsedCache.get(readSourceDocument(filePath, this.sizeLimit(project)));
      if (project.index.update(parsed)) this.listener.changed(project);
      // No editor shows it: its model is built, so its text can be packed (see PackedSource).
      keepTextIn(parsed, PackedSource.of(parsed.source, undefined, this.unpackedTexts));
    } catch (error) {
      // Binary, not UTF-8, deleted while being read, unreadable: not part of the workspace now.
      this.log.info(`Clause Guide: skipping ${filePath}: ${error instanceof UnreadableFileError ? error.message : describeIoError(error)}`);
      this.forget(uri);
    }
  }

  /** The entry of a file, made (and its project looked up) the first time the file is seen. */
  private entryFor(uri: string, filePath: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { path: filePath, project: this.projects.projectFor(filePath, this.settings.rootFor(filePath)) };
      this.entries.set(uri, entry);
    }
    return entry;
  }

  /** A file is no longer part of the workspace (deleted, closed and not on disk, unreadable). */
  private forget(uri: string): void {
    const project = this.entries.get(uri)?.project;
    this.entries.delete(uri);
    this.edited.delete(uri);
    this.parsedCache.delete(uri);
    if (project?.index.remove(uri)) this.listener.changed(project);
    this.listener.removed(uri);
  }

  /** The size limit for a project's files: its .clause-guide.yaml, else its folder's setting; never over the ceiling the setting alone can raise. */
  private sizeLimit(project: Project): FileSizeLimit {
    return fileSizeLimit(project.config.maxFileSize, this.settings.of(project.root).maxFileSize);
  }

  /** Where a document is taken to be: its path, or (an unsaved buffer) a file of that name in the first folder. */
  private pathOf(uri: string): string {
    const location = URI.parse(uri);
    return location.scheme === 'file' ? location.fsPath : path.join(this.settings.folders[0] ?? path.sep, path.basename(location.path) || 'untitled');
  }

  /** Projects whose indexes build models that share nothing with the file texts: the texts of closed files are packed (see readFromDisk). */
  private newProjectSet(): ProjectSet {
    return new ProjectSet({ configs: this.configs, stopAt: [...this.settings.folders], newIndex: () => new WorkspaceIndex({ models: { copyValues: true } }) });
  }
}
