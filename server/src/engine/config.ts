// The `.clause-guide.yaml` configuration (SPEC §5): parsing with exact problem ranges, and the
// two questions hosts ask of it: is this file checked, and does this clause apply. Pure: the
// host finds and reads the file (server/src/node/config.ts) so the CLI and the editor agree.
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { compileGlob, globProblem, type GlobMatcher } from './glob';
import { DEFAULT_LAYERS, RISK_LEVELS } from './schema';
import { editDistance } from './nearest';
import { LineIndex } from './text';
import type { Range } from './types';
import { nestingTooDeepMessage, parseYaml } from './yamlParse';
import { parseByteSize } from '../../../common/byteSize';

export { parseByteSize };

export type RuleSetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ClauseGuideConfig {
  /** Per-rule severity overrides; 'off' disables. Keys are rule names. */
  rules: Record<string, RuleSetting>;
  /** Globs (relative to the config file's folder, '/' separators) of files to check; empty = all YAML/Markdown. */
  include: string[];
  exclude: string[];
  /** Layers required when a security-architecture document declares none. */
  layers: string[];
  /** The risk (one of RISK_LEVELS) from which a threat needs a requirement or a control (threat-untreated). */
  threatUntreatedRisk: string;
  /** Which clauses apply: ids; a parent id includes all its subclauses. Empty include = all. */
  clauses: { include: string[]; exclude: string[] };
  /**
   * Files larger than this many bytes are not read (a file-too-large finding instead). Absent:
   * the host's default (the editor setting `clauseGuide.maxFileSize`, else DEFAULT_MAX_FILE_SIZE).
   */
  maxFileSize?: number;
  /**
   * The product declares itself transitional health software (developed before the standard):
   * Annex F applies and its items become coverage targets.
   */
  transitional?: boolean;
  /**
   * The id prefix of a Threat Dragon model's threats, by the model's path relative to the config's
   * folder ('/' separators): `security/payments.threat-dragon.json: TDP-` makes its threats TDP-1,
   * TDP-2…; a model not listed keeps TD-<number>. Two models both number their threats from 1.
   */
  threatDragonPrefixes?: Record<string, string>;
}

/** Files over 5 MB are not read unless configured otherwise: security files are far smaller. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/**
 * The most a repository's own .clause-guide.yaml can raise `maxFileSize` to. The file comes with
 * the code, so a hostile one could otherwise make the editor read a 74 MB document (3.4 GB, two
 * minutes without an answer). Only the person at the keyboard lifts it: the editor setting
 * `clauseGuide.maxFileSize` (a user setting, or a trusted workspace's: package.json lists it under
 * restrictedConfigurations) or the CLI's --max-file-size.
 */
export const MAX_FILE_SIZE_CEILING = 16 * 1024 * 1024;

export interface FileSizeLimit {
  /** Files larger than this many bytes are not read. */
  limit: number;
  /** The configuration asked for more than the ceiling allows, and got the ceiling. */
  capped: boolean;
}

/**
 * The size limit for a project's files: its .clause-guide.yaml's `maxFileSize`, else the host's
 * (the editor setting, the CLI option, else the default), never above the ceiling, which only the
 * host's own value can raise.
 */
export function fileSizeLimit(configured: number | undefined, hostLimit: number = DEFAULT_MAX_FILE_SIZE): FileSizeLimit {
  const ceiling = Math.max(MAX_FILE_SIZE_CEILING, hostLimit);
  const wanted = configured ?? hostLimit;
  return wanted > ceiling ? { limit: ceiling, capped: true } : { limit: wanted, capped: false };
}

export interface ConfigProblem {
  message: string;
  /** 0-based range in the configuration file. */
  range: Range;
}

const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'information', 'hint', 'off'];
const TOP_LEVEL_KEYS = ['rules', 'include', 'exclude', 'layers', 'threatUntreatedRisk', 'clauses', 'maxFileSize', 'transitional', 'threatDragonPrefixes'] as const;
/** A Threat Dragon id prefix: starts with a letter, then letters, digits, '_', '.', '-' (an id's characters). */
const ID_PREFIX = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;
const CLAUSE_KEYS = ['include', 'exclude'] as const;
/** "5", "5.7.4", "E", "E.2.1": the shape of a clause id (the catalog is not needed to parse a config). */
const CLAUSE_ID = /^(?:\d+|[A-Z])(?:\.\d+)*$/;

function defaultConfig(): ClauseGuideConfig {
  return {
    rules: {},
    include: [],
    exclude: [],
    layers: [...DEFAULT_LAYERS],
    threatUntreatedRisk: 'high',
    clauses: { include: [], exclude: [] },
  };
}

/** The configuration used when there is no file; frozen, so callers cannot change it for everyone. */
export const DEFAULT_CONFIG: ClauseGuideConfig = deepFreeze(defaultConfig());

export function parseConfig(text: string, knownRules: readonly string[]): { config: ClauseGuideConfig; problems: ConfigProblem[] } {
  const config = defaultConfig();
  const problems: ConfigProblem[] = [];
  const lines = new LineIndex(text);
  const report = (message: string, start: number, end: number) =>
    problems.push({ message, range: lines.range(start, Math.max(end, start + 1)) });
  /** Reports at a node's value; a node without source (an empty value) reports at `fallback`. */
  const reportAt = (message: string, node: Node | null | undefined, fallback: Node | null | undefined) => {
    const target = node?.range && node.range[1] > node.range[0] ? node : fallback ?? node;
    const [start, end] = target?.range ?? [0, 0];
    report(message, start, end);
  };

  let document;
  try {
    const parsed = parseYaml(text);
    if (!parsed.document) {
      report(`${nestingTooDeepMessage()}; every setting keeps its default.`, parsed.tooDeepAt, parsed.tooDeepAt + 1);
      return { config, problems };
    }
    document = parsed.document;
  } catch (error) {
    // The parser reports rather than throws, but a config must never take the host down.
    report(`Cannot parse the configuration: ${String(error)}`, 0, 0);
    return { config, problems };
  }
  for (const error of [...document.errors, ...document.warnings]) {
    report(error.message.split('\n')[0], error.pos[0], error.pos[1]);
  }
  // A half-parsed file could silently turn rules on or off: keep every default until it parses.
  if (document.errors.length > 0) return { config, problems };

  /**
   * A scalar's text as written. Plain scalars are read from the source so YAML typing cannot
   * change them: `7.10` would otherwise become the number 7.1, and `off` the boolean false
   * under a `%YAML 1.1` directive.
   */
  const scalarText = (node: Scalar): string | null => {
    if (node.type === 'PLAIN' && node.range) return text.slice(node.range[0], node.range[1]).trim();
    return typeof node.value === 'string' ? node.value : null;
  };
  /** An absent or empty value (`key:` with nothing after it) means "not set": the default stays. */
  const isUnset = (node: unknown) => node == null || (isScalar(node) && node.value == null);

  /** A list of non-empty strings; problems for each bad item, or null when the value is no list at all. */
  const readStringList = (pair: Pair, what: string, validate?: (item: string) => string | null): string[] | null => {
    const value = pair.value as Node | null;
    if (!isSeq(value)) {
      const written = isScalar(value) ? scalarText(value) : null;
      const hint = written ? ` Write it as a list: [${written}]` : '';
      reportAt(`'${keyText(pair)}' must be a list of ${what}.${hint}`, value, pair.key as Node);
      return null;
    }
    const items: string[] = [];
    for (const item of value.items as Node[]) {
      const written = isScalar(item) ? scalarText(item) : null;
      if (!written) {
        reportAt(`Each item of '${keyText(pair)}' must be a non-empty string (one of the ${what}).`, item, value);
        continue;
      }
      const invalid = validate?.(written);
      if (invalid) reportAt(invalid, item, value);
      else items.push(written);
    }
    return items;
  };
  const keyText = (pair: Pair): string => (isScalar(pair.key) ? scalarText(pair.key) ?? String(pair.key.value) : '');

  /** The pairs of a mapping value, with problems for a non-mapping and for keys not in `knownKeys` (null: any key). */
  const readMap = (pair: Pair | null, node: unknown, where: string, knownKeys: readonly string[] | null): Pair[] => {
    if (!isMap(node)) {
      reportAt(`${where} must be a mapping.`, node as Node, pair?.key as Node);
      return [];
    }
    const pairs: Pair[] = [];
    for (const entry of node.items) {
      const key = keyText(entry);
      if (knownKeys && !knownKeys.includes(key)) {
        reportAt(`Unknown key '${key}' in ${where.toLowerCase()}.${didYouMean(key, knownKeys)} Known keys: ${knownKeys.join(', ')}.`, entry.key as Node, node);
      } else {
        pairs.push(entry);
      }
    }
    return pairs;
  };

  if (isUnset(document.contents)) return { config, problems }; // an empty file: all defaults
  for (const pair of readMap(null, document.contents, 'The configuration', TOP_LEVEL_KEYS)) {
    if (isUnset(pair.value)) continue;
    const key = keyText(pair) as (typeof TOP_LEVEL_KEYS)[number];
    switch (key) {
      case 'rules':
        for (const rule of readMap(pair, pair.value, "'rules'", null)) {
          const name = keyText(rule);
          const setting = isScalar(rule.value) ? scalarText(rule.value) : null;
          if (!knownRules.includes(name)) {
            reportAt(`Unknown rule '${name}'.${didYouMean(name, knownRules)}`, rule.key as Node, pair.value as Node);
          } else if (!setting || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
            const shown = setting ? `'${setting}'` : 'this value';
            reportAt(
              `Rule '${name}': ${shown} is not a severity.${didYouMean(setting ?? '', RULE_SETTINGS)} Use one of ${RULE_SETTINGS.join(', ')}.`,
              rule.value as Node,
              rule.key as Node,
            );
          } else {
            config.rules[name] = setting as RuleSetting;
          }
        }
        break;
      case 'include':
      case 'exclude':
        config[key] = readStringList(pair, 'globs', (glob) => {
          const problem = globProblem(glob);
          return problem && `'${glob.length > 60 ? `${glob.slice(0, 60)}…` : glob}' is not used: ${problem}`;
        }) ?? config[key];
        break;
      case 'layers':
        config.layers = readStringList(pair, 'layer names') ?? config.layers;
        break;
      case 'clauses':
        for (const entry of readMap(pair, pair.value, "'clauses'", CLAUSE_KEYS)) {
          if (isUnset(entry.value)) continue;
          const which = keyText(entry) as (typeof CLAUSE_KEYS)[number];
          const ids = readStringList(entry, 'clause ids', (id) =>
            CLAUSE_ID.test(normalizeClauseId(id)) ? null : `'${id}' is not a clause id (like 5.3.1, 7 or E.2.1).`,
          );
          if (ids) config.clauses[which] = ids.map(normalizeClauseId);
        }
        break;
      case 'threatUntreatedRisk': {
        const written = isScalar(pair.value) ? scalarText(pair.value)?.trim().toLowerCase() : null;
        if (written && RISK_LEVELS.includes(written)) config.threatUntreatedRisk = written;
        else reportAt(`'threatUntreatedRisk' must be one of ${RISK_LEVELS.join(', ')}.`, pair.value as Node, pair.key as Node);
        break;
      }
      case 'threatDragonPrefixes': {
        const prefixes: Record<string, string> = {};
        const taken = new Map<string, string>();
        for (const entry of readMap(pair, pair.value, "'threatDragonPrefixes'", null)) {
          const model = keyText(entry).replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
          const prefix = isScalar(entry.value) ? scalarText(entry.value)?.trim() ?? '' : '';
          if (!ID_PREFIX.test(prefix)) {
            reportAt(`The prefix of ${model} must start with a letter and hold only letters, digits, '_', '.' or '-' (such as TDP-), at most 32 characters.`, (entry.value ?? entry.key) as Node, entry.key as Node);
          } else if (taken.has(prefix.toUpperCase())) {
            reportAt(`${model} and ${taken.get(prefix.toUpperCase())} have the same prefix ${prefix}: their threats would share ids. Give each model its own.`, entry.value as Node, entry.key as Node);
          } else {
            taken.set(prefix.toUpperCase(), model);
            prefixes[model] = prefix;
          }
        }
        config.threatDragonPrefixes = prefixes;
        break;
      }
      case 'transitional': {
        const written = isScalar(pair.value) ? pair.value.value : null;
        if (typeof written !== 'boolean') reportAt(`'transitional' must be true or false.`, pair.value as Node, pair.key as Node);
        else config.transitional = written;
        break;
      }
      case 'maxFileSize': {
        const written = isScalar(pair.value) ? scalarText(pair.value) : null;
        const bytes = written === null ? null : parseByteSize(written);
        if (bytes === null) {
          reportAt(`'maxFileSize' must be a size such as 5242880, 512 KB or 10 MB.`, pair.value as Node, pair.key as Node);
        } else {
          config.maxFileSize = bytes;
        }
        break;
      }
    }
  }
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { config, problems };
}

/** " Did you mean 'x'?" for a candidate the written word begins (`warn`), else the nearest plausible typo; or ''. */
function didYouMean(written: string, candidates: readonly string[]): string {
  const lower = written.toLowerCase();
  let best = lower.length >= 2 ? candidates.find((candidate) => candidate.startsWith(lower)) : undefined;
  if (best === undefined) {
    // Beyond about half the name it is another word, and a suggestion would mislead.
    let bestDistance = Math.max(2, Math.floor(lower.length / 2)) + 1;
    for (const candidate of candidates) {
      const distance = editDistance(lower, candidate);
      if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
  }
  return best !== undefined ? ` Did you mean '${best}'?` : '';
}

function normalizeClauseId(id: string): string {
  return id.trim().replace(/^§\s*/, '');
}

/** Whether a file (path relative to the config's folder) is checked. Hosts still filter to YAML/Markdown. */
export function isPathIncluded(config: ClauseGuideConfig, relativePath: string): boolean {
  const normalized = relativePath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
  const matchesAny = (globs: string[]) => globs.some((glob) => matchesGlob(glob, normalized));
  return (config.include.length === 0 || matchesAny(config.include)) && !matchesAny(config.exclude);
}

/**
 * Like .gitignore, a glob that names a folder covers everything inside it (`drafts`, `drafts/`,
 * `security` all take their contents), so the path and each of its parent folders are tried.
 * A trailing '/' restricts the glob to folders.
 */
function matchesGlob(glob: string, path: string): boolean {
  const folderOnly = glob.endsWith('/');
  const pattern = matcherOf(folderOnly ? glob.replace(/\/+$/, '') : glob);
  const parts = path.split('/');
  for (let length = folderOnly ? parts.length - 1 : parts.length; length > 0; length--) {
    if (pattern.test(parts.slice(0, length).join('/'))) return true;
  }
  return false;
}

/** Compiled globs by text: a config's few globs are tested against every file of the workspace. */
const matchers = new Map<string, GlobMatcher>();
const MAX_CACHED_MATCHERS = 1000;

function matcherOf(glob: string): GlobMatcher {
  let matcher = matchers.get(glob);
  if (!matcher) {
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
    matcher = compileGlob(glob);
    matchers.set(glob, matcher);
  }
  return matcher;
}

/** Whether a clause applies: a listed parent covers its subclauses ("5.7" covers 5.7.4); exclude wins. */
export function isClauseApplicable(config: ClauseGuideConfig, clauseId: string): boolean {
  const id = normalizeClauseId(clauseId);
  // Compare whole segments: "7.1" must not cover "7.10".
  const covers = (ids: string[]) => ids.some((listed) => id === listed || id.startsWith(`${listed}.`));
  return (config.clauses.include.length === 0 || covers(config.clauses.include)) && !covers(config.clauses.exclude);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
