// When analysis runs: projects whose files changed are analysed together, throttled so that a
// burst of edits (typing, a paste, a formatter, thousands of queued changes) is analysed a few
// times from the latest text, never once per change, and requests are answered in between.
// Results go to the diagnostics publisher.
import { Analyzer, type Catalog, type ClauseGuideConfig, type Finding, type SuppressedFinding } from '../engine';
import type { Project } from '../node/projects';
import { recordFileChecker } from '../node/recordFiles';
import { AnalysisThrottle } from './analysisThrottle';
import type { DiagnosticsPublisher } from './diagnosticsPublisher';
import type { FolderSettings } from './folderSettings';
import type { WorkspaceFiles } from './workspaceFiles';

export interface ErrorLog {
  error(message: string): void;
}

/** How long the server trusts what it found on disk about record files (see recordCheckers). */
const RECORD_FILES_TTL_MS = 10_000;

export class AnalysisScheduler {
  private readonly analyzer: Analyzer;
  private readonly dirty = new Set<Project>();
  /** When a change is analysed (see AnalysisThrottle). */
  private readonly throttle = new AnalysisThrottle();
  /** While the folders are being read, changes only mark projects dirty: one analysis follows the reading. */
  private holds = 0;
  private reading: Promise<void> = Promise.resolve();
  /** The project's config with the folder's `clauseGuide.rules` merged in, kept while both are unchanged (the analyzer caches by config identity). */
  private readonly effectiveConfigs = new WeakMap<ClauseGuideConfig, { key: string; config: ClauseGuideConfig }>();
  private readonly analyzedListeners: ((projects: Project[]) => void)[] = [];
  /**
   * Whether a record names a file, per project root, kept for RECORD_FILES_TTL_MS: coverage asks
   * on every keystroke, and a product line names thousands of records (a fresh look at each on
   * every analysis took 40 ms of a 1,500-document keystroke). A record file added or removed on
   * disk counts at most that long after.
   */
  private readonly recordCheckers = new Map<string, { since: number; exists: (fromUri: string, record: string) => boolean }>();

  constructor(
    catalog: Catalog,
    private readonly files: WorkspaceFiles,
    private readonly settings: FolderSettings,
    private readonly publisher: DiagnosticsPublisher,
    private readonly log: ErrorLog,
  ) {
    this.analyzer = new Analyzer(catalog, {
      onRuleError: (rule, error, uri) => log.error(`Clause Guide: rule ${rule.name} failed${uri ? ` on ${uri}` : ''}: ${(error as Error)?.stack ?? error}`),
    });
  }

  recordCheckerFor(root: string): (fromUri: string, record: string) => boolean {
    const now = performance.now();
    let entry = this.recordCheckers.get(root);
    if (!entry || now - entry.since > RECORD_FILES_TTL_MS) {
      if (this.recordCheckers.size > 256) this.recordCheckers.clear();
      this.recordCheckers.set(root, (entry = { since: now, exists: recordFileChecker(root) }));
    }
    return entry.exists;
  }

  /**
   * Holds analysis while `work` (reading the folders) runs, then analyses everything it read and
   * any edit made meanwhile, once.
   */
  async during(read: () => Promise<void>): Promise<void> {
    this.holds++;
    const work = Promise.resolve().then(read);
    const reading = work.catch(() => undefined);
    this.reading = Promise.all([this.reading, reading]).then(() => undefined);
    try {
      await work;
    } finally {
      if (--this.holds === 0) this.analyzeNow();
    }
  }

  /** Resolves once the folders have been read (reports wait for it, so they never describe half a workspace). */
  whenRead(): Promise<void> {
    return this.reading;
  }

  /** A project's files changed. */
  schedule(project: Project): void {
    this.dirty.add(project);
    if (this.holds) return;
    // A change after a pause, or alone, is analysed at once (on a timer, so changes already
    // received join it); changes that come faster than they are analysed wait as long after the
    // last analysis as it took, and are then analysed together, from the latest text: typing
    // never queues stale analyses.
    this.throttle.changed(() => this.analyzeNow());
  }

  /** Every project again (the rule overrides changed). */
  scheduleAll(): void {
    for (const project of this.files.allProjects()) this.dirty.add(project);
    this.analyzeNow();
  }

  /** Current findings of a file; runs pending analysis first so fixes match the text the editor shows. */
  findingsFor(uri: string): Finding[] {
    if (this.dirty.size) this.analyzeNow();
    return this.publisher.findingsOf(uri);
  }

  /** Current findings of every file, after any pending analysis. */
  currentFindings(): ReadonlyMap<string, Finding[]> {
    if (this.dirty.size) this.analyzeNow();
    return this.publisher.all();
  }

  /** The findings suppression comments hid in a project's last analysis, after any pending analysis. */
  suppressedFindings(project: Project): SuppressedFinding[] {
    if (this.dirty.size) this.analyzeNow();
    return this.analyzer.suppressedFindings(project.index);
  }

  /** Called after each analysis with the projects that were analysed (e.g. to send a summary). */
  onDidAnalyze(listener: (projects: Project[]) => void): void {
    this.analyzedListeners.push(listener);
  }

  /** Stops a pending analysis (the server is shutting down). */
  cancel(): void {
    this.throttle.cancel();
    this.dirty.clear();
  }

  private analyzeNow(): void {
    this.throttle.started();
    // Parses the edited documents and looks at the configuration files: this may mark more projects dirty.
    try {
      this.files.prepare();
    } catch (error) {
      this.log.error(`Clause Guide: updating the workspace failed: ${(error as Error)?.stack ?? error}`);
    }
    // A change the preparing noticed is analysed now, with the rest.
    this.throttle.cancel();
    // A project regrouped since it was marked is analysed under its current record.
    const current = new Set(this.files.allProjects());
    const projects = [...this.dirty].filter((project) => current.has(project));
    this.dirty.clear();
    for (const project of projects) {
      try {
        for (const [uri, findings] of this.analyzer.analyze(project.index, this.effectiveConfig(project), { recordExists: this.recordCheckerFor(project.root), today: new Date().toISOString().slice(0, 10) })) {
          this.publisher.publish(uri, findings, this.files.editorVersion(uri));
        }
      } catch (error) {
        this.log.error(`Clause Guide: analysis of ${project.key} failed: ${(error as Error)?.stack ?? error}`);
      }
    }
    this.publisher.publishConfigProblems([...current]);
    for (const listener of this.analyzedListeners) {
      try {
        listener(projects);
      } catch (error) {
        this.log.error(`Clause Guide: after analysis: ${(error as Error)?.stack ?? error}`);
      }
    }
    this.throttle.ended();
  }

  /** The project's configuration with the user's `clauseGuide.rules` of its workspace folder over it. */
  private effectiveConfig(project: Project): ClauseGuideConfig {
    const overrides = this.settings.of(project.root).rules;
    const key = JSON.stringify(overrides);
    if (key === '{}') return project.config;
    const cached = this.effectiveConfigs.get(project.config);
    if (cached?.key === key) return cached.config;
    const config = { ...project.config, rules: { ...project.config.rules, ...overrides } };
    this.effectiveConfigs.set(project.config, { key, config });
    return config;
  }
}
