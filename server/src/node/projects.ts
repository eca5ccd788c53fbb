// Groups the files of a workspace into projects: each project is the set of files governed by one
// `.clause-guide.yaml` (or, without one, by the workspace folder), with its own index and config.
// Set-level rules (phase-missing, clause-uncovered…) then answer per product, so a repository that
// holds a product line gets one analysis per product. Shared by the CLI and the server, so both
// read the configuration and pick the files identically.
import * as path from 'node:path';
import { isPathIncluded, WorkspaceIndex, type ClauseGuideConfig, type ConfigProblem } from '../engine';
import { CONFIG_FILE_NAME, ConfigCache } from './config';
import { filePathOf } from './uri';

/**
 * Gives an index the project's Threat Dragon id prefixes (`threatDragonPrefixes`, by model path
 * relative to the project root). The index builds its models again only when they changed.
 */
export function applyThreatDragonPrefixes(index: WorkspaceIndex, root: string, config: ClauseGuideConfig): void {
  const prefixes = config.threatDragonPrefixes ?? {};
  const key = Object.keys(prefixes).length ? JSON.stringify([root, prefixes]) : '';
  index.setThreatDragonPrefixes(key, (uri) => {
    const relative = path.relative(root, filePathOf(uri)).split(path.sep).join('/');
    return Object.hasOwn(prefixes, relative) ? prefixes[relative] : undefined;
  });
}

export interface Project {
  /** The config file, or the fallback root when there is none. */
  key: string;
  root: string;
  configFile?: string;
  config: ClauseGuideConfig;
  configProblems: ConfigProblem[];
  index: WorkspaceIndex;
}

export interface ProjectSetOptions {
  configs?: ConfigCache;
  /** Folders the upward search for a config file stops at (workspace folders). */
  stopAt?: string[];
  /** An explicit configuration for every file (CLI `--config`). */
  explicit?: { file: string; config: ClauseGuideConfig; problems: ConfigProblem[] };
  /** Makes each project's index (the server's copies model values, as it frees the texts of closed files). */
  newIndex?: () => WorkspaceIndex;
}

export class ProjectSet {
  private readonly projects = new Map<string, Project>();
  private readonly configs: ConfigCache;
  private readonly stopAt: string[] | undefined;
  private readonly explicit: ProjectSetOptions['explicit'];
  private readonly newIndex: () => WorkspaceIndex;

  constructor(options: ProjectSetOptions = {}) {
    this.configs = options.configs ?? new ConfigCache();
    this.stopAt = options.stopAt;
    this.explicit = options.explicit;
    this.newIndex = options.newIndex ?? (() => new WorkspaceIndex());
  }

  /** The project a file belongs to; undefined when the configuration excludes it (or it is the config file). */
  projectFor(filePath: string, fallbackRoot: string): Project | undefined {
    if (path.basename(filePath) === CONFIG_FILE_NAME) return undefined;
    const loaded = this.explicit
      ? { file: this.explicit.file, root: path.dirname(this.explicit.file), config: this.explicit.config, problems: this.explicit.problems }
      : this.configs.load(filePath, fallbackRoot, this.stopAt, true);
    const relative = path.relative(loaded.root, filePath).split(path.sep).join('/');
    if (!relative.startsWith('..') && !isPathIncluded(loaded.config, relative)) return undefined;
    const key = loaded.file ?? loaded.root;
    let project = this.projects.get(key);
    if (!project || project.config !== loaded.config) {
      // A changed config file yields a new config object: keep the index, take the new settings.
      project = { key, root: loaded.root, configFile: loaded.file, config: loaded.config, configProblems: loaded.problems, index: project?.index ?? this.newIndex() };
      this.projects.set(key, project);
      applyThreatDragonPrefixes(project.index, loaded.root, loaded.config);
    }
    return project;
  }

  all(): Project[] {
    return [...this.projects.values()];
  }

  /** Forgets projects that hold no file (after files moved between projects, e.g. a config file was deleted). */
  dropEmpty(): void {
    for (const [key, project] of this.projects) if (project.index.files().length === 0) this.projects.delete(key);
  }

  /** The project whose index holds a uri. */
  holding(uri: string): Project | undefined {
    return this.all().find((project) => project.index.has(uri));
  }

  /** Forgets cached config lookups, e.g. after a config file was created, changed or deleted. */
  invalidateConfig(file?: string): void {
    this.configs.invalidate(file);
  }
}
