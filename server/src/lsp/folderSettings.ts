// The workspace folders and the editor settings of each (`clauseGuide.*`, pulled from the client
// with `workspace/configuration`). The one place that answers "which workspace folder holds this
// path". Settings are normalised on arrival (normalizeSettings), so every reader gets well-formed
// values; a client that does not answer gets the defaults after a bounded wait.
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, type ClauseGuideSettings } from '../../../common/protocol';
import { RULES } from '../engine';
import { fileUri } from '../node/uri';

/**
 * How long a `workspace/configuration` request may stay unanswered before the defaults are used. A
 * client that never answers would otherwise get no diagnostics and no hover at all; the answer, if
 * it comes later, is applied then (see onLateSettings).
 */
export const SETTINGS_WAIT_MS = 1500;

const KNOWN_RULES = RULES.map((rule) => rule.name);

export interface SettingsSource {
  /** Asks the client for the `clauseGuide` section at a resource (a folder or a document); null or anything for none. */
  fetch(scopeUri: string): Promise<unknown>;
  warn(message: string): void;
}

export class FolderSettings {
  private folderList: string[] = [];
  /** The same folders, innermost first, for folderOf. */
  private innermostFirst: string[] = [];
  private readonly byFolder = new Map<string, ClauseGuideSettings>();
  /** Settings per resource (folder or document uri), as asked of the client, until the settings change. */
  private readonly byResource = new Map<string, Promise<ClauseGuideSettings>>();
  /** Bumped when the settings change, so a late answer to an older request is not kept. */
  private generation = 0;
  private lateListener: () => void = () => {};

  constructor(
    /** Undefined when the client cannot be asked (no `workspace.configuration` capability): defaults throughout. */
    private readonly source: SettingsSource | undefined,
    private readonly waitMs = SETTINGS_WAIT_MS,
  ) {}

  setFolders(folders: string[]): void {
    this.folderList = [...folders];
    // Longest first, so the innermost of nested workspace folders holds a path.
    this.innermostFirst = [...folders].sort((a, b) => b.length - a.length);
  }

  get folders(): readonly string[] {
    return this.folderList;
  }

  /** The workspace folder that holds a path (the folder itself counts), innermost first. */
  folderOf(filePath: string): string | undefined {
    return this.innermostFirst.find((folder) => filePath === folder || filePath.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep));
  }

  /** The folder a file's globs and config search fall back to: its workspace folder, else its own folder. */
  rootFor(filePath: string): string {
    return this.folderOf(filePath) ?? path.dirname(filePath);
  }

  /** The settings of the folder that holds a path (defaults outside the folders, or before they are loaded). */
  of(filePath: string): ClauseGuideSettings {
    const folder = this.folderOf(filePath);
    return (folder && this.byFolder.get(folder)) || DEFAULT_SETTINGS;
  }

  /** What decides which files are read from disk: checkWorkspace and maxFileSize of every folder. */
  readingKey(): string {
    return JSON.stringify(this.folderList.map((folder) => [this.of(folder).checkWorkspace, this.of(folder).maxFileSize]));
  }

  /** The rule overrides of every folder (`clauseGuide.rules`). */
  rulesKey(): string {
    return JSON.stringify(this.folderList.map((folder) => this.of(folder).rules));
  }

  /** Asks the client for every folder's settings (bounded wait each), and keeps them. */
  async load(): Promise<void> {
    const loaded = await Promise.all(this.folderList.map(async (folder) => [folder, await this.forResource(fileUri(folder))] as const));
    this.byFolder.clear();
    for (const [folder, settings] of loaded) this.byFolder.set(folder, settings);
  }

  /** The settings at a resource (a document's `clauseTextFile` may differ from its folder's in a multi-root workspace). */
  forResource(uri: string): Promise<ClauseGuideSettings> {
    if (!this.source) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.byResource.get(uri);
    if (!settings) {
      settings = this.ask(uri);
      this.byResource.set(uri, settings);
    }
    return settings;
  }

  /** The settings changed (didChangeConfiguration): ask again. */
  changed(): void {
    this.generation++;
    this.byResource.clear();
  }

  /** A document was closed: its own settings need not be kept. */
  forget(uri: string): void {
    this.byResource.delete(uri);
  }

  /** Called when a client that did not answer in time answers after all: its settings replace the defaults. */
  onLateSettings(listener: () => void): void {
    this.lateListener = listener;
  }

  private ask(uri: string): Promise<ClauseGuideSettings> {
    const generation = this.generation;
    let timedOut = false;
    const answer = this.source!.fetch(uri).then(
      (value) => normalizeSettings(value, KNOWN_RULES),
      (error) => {
        this.source!.warn(`Clause Guide: cannot read the settings of ${uri}: ${(error as Error)?.message ?? error}`);
        return DEFAULT_SETTINGS;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<ClauseGuideSettings>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        this.source!.warn(`Clause Guide: the editor did not send the settings of ${uri} within ${this.waitMs} ms; using the defaults`);
        resolve(DEFAULT_SETTINGS);
      }, this.waitMs);
    });
    void answer.then((settings) => {
      clearTimeout(timer);
      if (!timedOut || generation !== this.generation) return;
      // Late: keep the answer for the next reader, and let the server apply it.
      this.byResource.set(uri, Promise.resolve(settings));
      this.lateListener();
    });
    return Promise.race([answer, deadline]);
  }
}
