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
import { DEFAULT_SETTINGS, type ClauseGuideSettings } from '../../../common/protocol';
import { Analyzer, keepTextIn, ParsedDocumentCache, RULES, WorkspaceIndex, type Catalog, type ClauseGuideConfig, type Finding, type ParsedDocument, type RuleSetting } from '../engine';
import { CONFIG_FILE_NAME } from '../node/config';
import { collectFiles, describeIoError, isCandidateFile, readSourceDocument, UnreadableFileError } from '../node/files';
import { PackedSource } from '../node/packedText';
import { ProjectSet, type Project } from '../node/projects';
import { toDiagnostic } from './convert';

/**
 * While edits keep coming, the next analysis starts no sooner than the last one took after its
 * end (so analysis uses at most half the server's time and requests are served in between), and
 * never more than this long after it.
 */
const MAX_ANALYSIS_INTERVAL_MS = 100;
/** …and no sooner than this, so a burst of changes (a paste, a macro, a formatter) is analysed a few times, not per change. */
const MIN_ANALYSIS_INTERVAL_MS = 5;
const INDEX_BATCH = 64;
const RULE_SETTINGS = new Set<string>(['error', 'warning', 'information', 'hint', 'off']);

/** The settings that decide what is read from disk and how it is checked, per workspace folder. */
export interface FolderOptions {
  /** Read every security file of the folder (true), or only documents open in the editor. */
  checkWorkspace: boolean;
  /** Files larger than this (bytes) are not indexed from disk (they are rarely security documents). */
  maxFileSize: number;
  /** `clauseGuide.rules`: severities applied over the project's .clause-guide.yaml. */
  rules: Record<string, RuleSetting>;
}

const DEFAULT_FOLDER_OPTIONS: FolderOptions = {
  checkWorkspace: DEFAULT_SETTINGS.checkWorkspace,
  maxFileSize: DEFAULT_SETTINGS.maxFileSize,
  rules: {},
};

/** Settings come from user JSON: keep what is well-formed, fall back to defaults for the rest. */
export function folderOptionsFrom(settings: Partial<ClauseGuideSettings> | undefined): FolderOptions {
  const known = new Set(RULES.map((rule) => rule.name));
  const rules: Record<string, RuleSetting> = {};
  const given = settings?.rules;
  if (given && typeof given === 'object' && !Array.isArray(given)) {
    for (const [name, value] of Object.entries(given)) if (known.has(name) && RULE_SETTINGS.has(value as string)) rules[name] = value as RuleSetting;
  }
  const size = settings?.maxFileSize;
  return {
    checkWorkspace: typeof settings?.checkWorkspace === 'boolean' ? settings.checkWorkspace : DEFAULT_FOLDER_OPTIONS.checkWorkspace,
    maxFileSize: typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : DEFAULT_FOLDER_OPTIONS.maxFileSize,
    rules,
  };
}

/** Projects whose indexes build models that share nothing with the file texts: the texts of closed files are packed (see indexFromDisk). */
function newProjectSet(folders?: string[]): ProjectSet {
  return new ProjectSet({ stopAt: folders, newIndex: () => new WorkspaceIndex({ models: { copyValues: true } }) });
}

export class WorkspaceState {
  private readonly parsedCache = new ParsedDocumentCache();
  private readonly analyzer: Analyzer;
  private projects: ProjectSet;
  private folders: string[] = [];
  private readonly findings = new Map<string, Finding[]>();
  private readonly published = new Map<string, string>();
  private readonly dirty = new Set<Project>();
  /** Open documents edited since they were last parsed: parsed once, when analysis or a request needs them. */
  private readonly edited = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** When the last analysis ended (performance.now()) and how long it took, for the throttle in schedule(). */
  private lastAnalysisEnd = -Infinity;
  private lastAnalysisMs = 0;
  /** While the folders are being read, changes only mark projects dirty: one analysis follows the reading. */
  private readingFolders = 0;
  private folderOptions = new Map<string, FolderOptions>();
  private indexing: Promise<void> = Promise.resolve();
  /** The project's config with the folder's `clauseGuide.rules` merged in, kept while both are unchanged (the analyzer caches by config identity). */
  private readonly effectiveConfigs = new WeakMap<ClauseGuideConfig, { key: string; config: ClauseGuideConfig }>();
  private readonly analyzedListeners: ((projects: Project[]) => void)[] = [];

  constructor(
    private readonly connection: Connection,
    catalog: Catalog,
    private readonly openDocuments: { get(uri: string): TextDocument | undefined },
    /** Settings of a workspace folder (by folder path); defaults when the client cannot be asked. */
    private readonly settingsForFolder: (folder: string) => Promise<Partial<ClauseGuideSettings> | undefined> = async () => undefined,
  ) {
    this.analyzer = new Analyzer(catalog, {
      onRuleError: (rule, error, uri) =>
        connection.console.error(`Clause Guide: rule ${rule.name} failed${uri ? ` on ${uri}` : ''}: ${(error as Error)?.stack ?? error}`),
    });
    this.projects = newProjectSet();
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.projects = newProjectSet(folders);
  }

  /** Reads every candidate file of the workspace folders, in batches so requests are served meanwhile. */
  indexFolders(): Promise<void> {
    this.indexing = this.readFolders();
    return this.indexing;
  }

  /** Resolves once the folders have been read (reports wait for it, so they never describe half a workspace). */
  whenIndexed(): Promise<void> {
    return this.indexing.catch(() => undefined);
  }

  /**
   * Reading starts at once with the folder settings known so far (the defaults at startup), so a
   * request right after startup already sees the workspace; the settings arrive meanwhile, and
   * if they change what is read (checkWorkspace, maxFileSize), the folders are read again.
   */
  private async readFolders(): Promise<void> {
    this.readingFolders++;
    try {
      const loading = this.loadFolderOptions();
      const readWith = this.indexingKey();
      await this.readFiles();
      await loading;
      if (this.indexingKey() !== readWith) {
        this.dropFilesReadFromDisk();
        await this.readFiles();
      }
    } finally {
      // The last reading to end analyses what was read (and any edit made meanwhile).
      if (--this.readingFolders === 0) this.analyzeNow();
    }
  }

  /** What decides which files are read: checkWorkspace and maxFileSize of every folder. */
  private indexingKey(): string {
    return JSON.stringify(this.folders.map((folder) => [this.optionsFor(folder).checkWorkspace, this.optionsFor(folder).maxFileSize]));
  }

  private dropFilesReadFromDisk(): void {
    for (const project of this.projects.all()) {
      for (const parsed of project.index.files()) if (!this.openDocuments.get(parsed.source.uri)) this.remove(parsed.source.uri);
    }
  }

  private async readFiles(): Promise<void> {
    const files = this.folders.flatMap((folder) => {
      if (!this.optionsFor(folder).checkWorkspace) return [];
      try {
        return collectFiles([folder], (file, reason) => this.connection.console.info(`Clause Guide: skipping ${file}: ${reason}`));
      } catch (error) {
        this.connection.console.warn(`Clause Guide: cannot list ${folder}: ${(error as Error).message}`);
        return [];
      }
    });
    for (let i = 0; i < files.length; i += INDEX_BATCH) {
      for (const file of files.slice(i, i + INDEX_BATCH)) this.indexFromDisk(file);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Settings changed: re-read them, and when what is indexed changed (checkWorkspace, maxFileSize),
   * drop the files read from disk and read the folders again; rule overrides only re-analyse.
   */
  async settingsChanged(): Promise<void> {
    const before = new Map(this.folderOptions);
    await this.loadFolderOptions();
    const indexing = (options?: FolderOptions) => JSON.stringify([options?.checkWorkspace, options?.maxFileSize]);
    const rules = (options?: FolderOptions) => JSON.stringify(options?.rules);
    const reindex = this.folders.some((folder) => indexing(before.get(folder)) !== indexing(this.folderOptions.get(folder)));
    const reanalyse = this.folders.some((folder) => rules(before.get(folder)) !== rules(this.folderOptions.get(folder)));
    if (reindex) {
      this.dropFilesReadFromDisk();
      await this.indexFolders();
    } else if (reanalyse) {
      for (const project of this.projects.all()) this.dirty.add(project);
      this.analyzeNow();
    }
  }

  /** Every project that holds at least one file. */
  allProjects(): Project[] {
    return this.projects.all().filter((project) => project.index.files().length > 0);
  }

  /** Current findings of every file, after any pending analysis. */
  currentFindings(): ReadonlyMap<string, Finding[]> {
    if (this.dirty.size) this.analyzeNow();
    return this.findings;
  }

  /** Called after each analysis with the projects that were analysed (e.g. to send a summary). */
  onDidAnalyze(listener: (projects: Project[]) => void): void {
    this.analyzedListeners.push(listener);
  }

  /** An open document was opened or changed: index the editor's text now (requests call this to see the latest text). */
  documentChanged(document: TextDocument): void {
    this.edited.delete(document.uri);
    const project = this.projectForUri(document.uri);
    if (!project) return;
    const text = document.getText();
    const limit = this.maxFileSize(project);
    // UTF-8 takes at most three bytes per UTF-16 unit: a text under a third of the limit need not be counted.
    const bytes = text.length > limit / 3 ? Buffer.byteLength(text, 'utf8') : text.length;
    const parsed =
      bytes > limit
        ? this.parsedCache.get({ uri: document.uri, languageId: document.languageId, version: document.version, text: '', skipped: { reason: 'too-large', bytes, limit } })
        : this.parse(document.uri, document.languageId, document.version, text);
    if (project.index.update(parsed)) this.schedule(project);
  }

  /**
   * An open document was edited. Typing sends a change per keystroke, faster than a large file
   * parses: remember it, and parse only the latest text once the burst settles (or a request needs it).
   */
  documentEdited(document: TextDocument): void {
    const project = this.projectForUri(document.uri);
    if (!project) return;
    this.edited.add(document.uri);
    this.schedule(project);
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
    this.projects = newProjectSet(this.folders);
    for (const parsed of known) {
      const project = this.projectForUri(parsed.source.uri);
      if (project) {
        project.index.update(parsed);
        this.dirty.add(project);
        this.rereadIfSizeLimitChanged(parsed, project);
      } else {
        this.findings.delete(parsed.source.uri);
        this.publish(parsed.source.uri, []);
      }
    }
    this.analyzeNow();
  }

  /** After a config change: a file skipped as too large may now be read, and one that was read may now be too large. */
  private rereadIfSizeLimitChanged(parsed: ParsedDocument, project: Project): void {
    const { source } = parsed;
    const limit = this.maxFileSize(project);
    // The line index knows the text's length: a packed text is unpacked only when it may be over the limit.
    const readUnderOtherLimit = source.skipped ? source.skipped.limit !== limit : parsed.lines.length > limit / 3 && Buffer.byteLength(source.text, 'utf8') > limit;
    if (!readUnderOtherLimit) return;
    const open = this.openDocuments.get(source.uri);
    if (open) this.documentChanged(open);
    else if (URI.parse(source.uri).scheme === 'file') this.indexFromDisk(URI.parse(source.uri).fsPath);
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

  /** The size limit for a project's files: its .clause-guide.yaml, else the folder's setting (default 5 MB). */
  private maxFileSize(project: Project): number {
    return project.config.maxFileSize ?? this.optionsFor(this.rootFor(project.root + path.sep)).maxFileSize;
  }

  private indexFromDisk(filePath: string): void {
    const uri = URI.file(filePath).toString();
    if (this.openDocuments.get(uri)) return;
    const options = this.optionsFor(this.rootFor(filePath));
    if (!options.checkWorkspace) {
      // Only open documents are checked: a file that is not open is not part of the analysis.
      this.remove(uri);
      return;
    }
    const project = this.projects.projectFor(filePath, this.rootFor(filePath));
    if (!project) return;
    try {
      // Over the size limit it is not read (file-too-large says so); its version is minus its
      // modification time, so an unchanged file is not re-parsed.
      const parsed = this.parsedCache.get(readSourceDocument(filePath, this.maxFileSize(project)));
      if (project.index.update(parsed)) this.schedule(project);
      // No editor shows it: its model is built, so its text can be packed (see PackedSource).
      keepTextIn(parsed, PackedSource.of(parsed.source));
    } catch (error) {
      // Binary, not UTF-8, deleted while being read, unreadable: not part of the workspace now.
      this.connection.console.info(`Clause Guide: skipping ${filePath}: ${error instanceof UnreadableFileError ? error.message : describeIoError(error)}`);
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

  private async loadFolderOptions(): Promise<void> {
    const loaded = new Map<string, FolderOptions>();
    for (const folder of this.folders) {
      let settings: Partial<ClauseGuideSettings> | undefined;
      try {
        settings = await this.settingsForFolder(folder);
      } catch (error) {
        this.connection.console.warn(`Clause Guide: cannot read the settings of ${folder}: ${(error as Error)?.message ?? error}`);
      }
      loaded.set(folder, folderOptionsFrom(settings));
    }
    this.folderOptions = loaded;
  }

  private optionsFor(folder: string): FolderOptions {
    return this.folderOptions.get(folder) ?? DEFAULT_FOLDER_OPTIONS;
  }

  /** The project's configuration with the user's `clauseGuide.rules` of its workspace folder over it. */
  private effectiveConfig(project: Project): ClauseGuideConfig {
    const folder = this.folders.find((candidate) => project.root === candidate || project.root.startsWith(candidate + path.sep));
    const overrides = folder ? this.optionsFor(folder).rules : {};
    const key = JSON.stringify(overrides);
    if (key === '{}') return project.config;
    const cached = this.effectiveConfigs.get(project.config);
    if (cached?.key === key) return cached.config;
    const config = { ...project.config, rules: { ...project.config.rules, ...overrides } };
    this.effectiveConfigs.set(project.config, { key, config });
    return config;
  }

  private inFolders(filePath: string): boolean {
    return this.folders.some((folder) => filePath.startsWith(folder + path.sep));
  }

  private schedule(project: Project): void {
    this.dirty.add(project);
    // Reading the folders ends with one analysis of everything read.
    if (this.readingFolders || this.timer) return;
    // Throttle on the leading edge: after a quiet spell the first change is analysed at once (on the
    // next turn of the event loop, so changes already received join it). Changes that come while
    // analyses run back to back wait as long after the last one as it took (within
    // MIN_/MAX_ANALYSIS_INTERVAL_MS) and are then analysed together, from the latest text: typing never
    // queues stale analyses, and a cheap analysis (one keystroke) follows at once.
    const interval = Math.min(MAX_ANALYSIS_INTERVAL_MS, Math.max(MIN_ANALYSIS_INTERVAL_MS, this.lastAnalysisMs));
    const wait = Math.max(0, this.lastAnalysisEnd + interval - performance.now());
    this.timer = setTimeout(() => this.analyzeNow(), wait);
  }

  private analyzeNow(): void {
    const started = performance.now();
    for (const uri of [...this.edited]) {
      const document = this.openDocuments.get(uri);
      if (document) this.documentChanged(document);
      else this.edited.delete(uri);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    const projects = [...this.dirty];
    this.dirty.clear();
    for (const project of projects) {
      try {
        for (const [uri, findings] of this.analyzer.analyze(project.index, this.effectiveConfig(project))) {
          // The analyzer hands back the same array for a file whose findings did not change.
          if (this.findings.get(uri) === findings) continue;
          this.findings.set(uri, findings);
          // The editor's version the findings belong to, so a client can tell them from older ones.
          const version = this.openDocuments.get(uri) ? project.index.parsed(uri)?.source.version : undefined;
          this.publish(uri, findings.map(toDiagnostic), version);
        }
      } catch (error) {
        this.connection.console.error(`Clause Guide: analysis of ${project.key} failed: ${(error as Error)?.stack ?? error}`);
      }
    }
    for (const listener of this.analyzedListeners) {
      try {
        listener(projects);
      } catch (error) {
        this.connection.console.error(`Clause Guide: after analysis: ${(error as Error)?.stack ?? error}`);
      }
    }
    this.lastAnalysisEnd = performance.now();
    this.lastAnalysisMs = this.lastAnalysisEnd - started;
  }

  private publish(uri: string, diagnostics: Diagnostic[], version?: number): void {
    const key = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === key) return;
    this.published.set(uri, key);
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
  }
}
