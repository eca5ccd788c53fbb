// What the editor was told: the findings published per file, and the problems of each
// `.clause-guide.yaml`. A file is published again only when its findings changed; a file that
// leaves the analysis is cleared.
import type { Connection, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { ConfigProblem, Finding } from '../engine';
import type { Project } from '../node/projects';
import { fileUri } from '../node/uri';
import { DIAGNOSTIC_SOURCE, toDiagnostics } from './convert';

const NONE: Finding[] = [];
/** The code of a problem in a configuration file (the CLI prints the same problems on stderr). */
export const CONFIG_PROBLEM_CODE = 'config-problem';

export class DiagnosticsPublisher {
  private readonly findings = new Map<string, Finding[]>();
  /** Config file uri -> the problems published for it. */
  private readonly configProblems = new Map<string, ConfigProblem[]>();

  constructor(private readonly connection: Pick<Connection, 'sendDiagnostics'>) {}

  /** The findings last published for a file ([] when none or not analysed). */
  findingsOf(uri: string): Finding[] {
    return this.findings.get(uri) ?? NONE;
  }

  /** Every file's published findings. */
  all(): ReadonlyMap<string, Finding[]> {
    return this.findings;
  }

  /**
   * A file's findings after an analysis. The analyzer hands back the same array for a file whose
   * findings did not change, the usual case, which costs nothing; a new array with the same
   * findings (a comment added) is compared field by field and not sent either.
   * `version`: the editor's version they belong to (open files), so a client can tell them from older ones.
   */
  publish(uri: string, findings: Finding[], version?: number): void {
    const before = this.findings.get(uri);
    this.findings.set(uri, findings);
    if (before === findings || (before !== undefined && sameFindings(before, findings)) || (before === undefined && findings.length === 0)) return;
    void this.connection.sendDiagnostics(lazyDiagnostics(uri, version, findings));
  }

  /** A file left the analysis (deleted, excluded, outside every project): clear what it showed. */
  clear(uri: string): void {
    const before = this.findings.get(uri);
    if (before === undefined) return;
    this.findings.delete(uri);
    if (before.length) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The problems of every project's configuration file, shown on that file (a file with none is cleared). */
  publishConfigProblems(projects: readonly Project[]): void {
    const current = new Map<string, ConfigProblem[]>();
    for (const project of projects) if (project.configFile) current.set(fileUri(project.configFile), project.configProblems);
    for (const [uri, problems] of this.configProblems) {
      if (!current.has(uri) && problems.length) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const [uri, problems] of current) {
      const before = this.configProblems.get(uri);
      if (before === problems || (!before && !problems.length)) continue;
      void this.connection.sendDiagnostics({ uri, diagnostics: problems.map(toConfigDiagnostic) });
    }
    this.configProblems.clear();
    for (const [uri, problems] of current) this.configProblems.set(uri, problems);
  }
}

/**
 * The notification's parameters, whose diagnostics are made when they are read: when the message
 * is written. The protocol's writer queues every message until the one before it is written, and an
 * analysis publishes all its files before the writer gets a turn: at the first analysis of 5,000
 * documents that held 3,000 files' diagnostics at once (each message a second copy of its
 * findings' words, with the clause named, and of their related locations), which counted in the
 * server's peak memory. Made at write time, one file's diagnostics live while its message is
 * encoded. The findings are the analysis' own arrays, which the publisher keeps anyway.
 */
export function lazyDiagnostics(uri: string, version: number | undefined, findings: readonly Finding[]): PublishDiagnosticsParams {
  return {
    uri,
    version,
    get diagnostics() {
      return toDiagnostics(findings);
    },
  };
}

function toConfigDiagnostic(problem: ConfigProblem): Diagnostic {
  return { range: problem.range, severity: DiagnosticSeverity.Warning, code: CONFIG_PROBLEM_CODE, source: DIAGNOSTIC_SOURCE, message: problem.message };
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a.length === b.length && a.every((finding, i) => sameFinding(finding, b[i]));
}

function sameFinding(a: Finding, b: Finding): boolean {
  if (a === b) return true;
  if (a.rule !== b.rule || a.severity !== b.severity || a.message !== b.message || a.clause !== b.clause || !sameRange(a.range, b.range)) return false;
  const related = a.related ?? [];
  const other = b.related ?? [];
  return related.length === other.length && related.every((r, i) => r.uri === other[i].uri && r.message === other[i].message && sameRange(r.range, other[i].range));
}

function sameRange(a: Finding['range'], b: Finding['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
