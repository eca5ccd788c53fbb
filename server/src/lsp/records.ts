// The records and views of SPEC §6 over LSP: coverage, traceability, architecture diagram, release
// readiness, the tailoring-record update, and a summary notification after each analysis. The
// engine computes every answer; this file picks the project, adds host facts (paths, today's date,
// where a new record goes) and converts shapes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import {
  ArchitectureDiagramRequest,
  CoverageRequest,
  ExportAuditPackageRequest,
  type ArchitectureDiagramDto,
  type ExportAuditPackageResult,
  ExportTraceabilityRequest,
  GenerateTailoringRequest,
  ReleaseReadinessRequest,
  SummaryNotification,
  TraceabilityTreeRequest,
  type CoverageDto,
  type GenerateTailoringResult,
  type ReleaseReadinessDto,
  type SummaryDto,
  type TraceNodeDto,
  ComponentsRequest,
  type ComponentDto,
} from '../../../common/protocol';
import { componentsBySupport } from '../engine/reports/components';
import {
  architectureMermaid,
  architectureModel,
  architectureSvg,
  clauseCoverage,
  type ClauseCoverage,
  coverageMarkdown,
  planTailoringRecord,
  projectSummary,
  releaseReadiness,
  traceabilityCsv,
  traceabilityMarkdown,
  traceabilityRows,
  traceabilityTree,
  type Catalog,
  type CoverageLocation,
  type Finding,
  type SuppressedFinding,
  type TraceNode,
} from '../engine';
import { isInside, writeFileAtomic, WriteFileError } from '../node/atomicWrite';
import { projectAuditReport, renderAuditReport } from '../node/auditReport';
import { baselineMarkdown, compareWithBaseline } from '../node/baseline';
import type { Project } from '../node/projects';
import { recordFileChecker } from '../node/recordFiles';
import { recordInTheWay } from '../node/recordInTheWay';
import { canonicalUri, fileUri } from '../node/uri';
import { safely } from './safe';
import { registerSbomSupport } from './sbomSupport';

declare const CLAUSE_GUIDE_VERSION: string | undefined;
const TOOL_VERSION = typeof CLAUSE_GUIDE_VERSION === 'string' ? CLAUSE_GUIDE_VERSION : '0.0.0-dev';
const AUDIT_PACKAGE_FILE = 'audit-report';

/** Analysis runs per keystroke burst; the summary (coverage + readiness over the project) can wait a little longer. */
const SUMMARY_DELAY_MS = 250;
const TAILORING_FILE = 'tailoring-record';

/** What the records read of the workspace (the server's parts: workspaceFiles, analysisScheduler). */
export interface RecordsWorkspace {
  /** Resolves once the folders have been read, so a report never describes half a workspace. */
  whenIndexed(): Promise<void>;
  /** Every project that holds at least one file. */
  allProjects(): Project[];
  /** The project that holds a file. */
  project(uri: string): Project | undefined;
  /** Every file's findings, after any pending analysis. */
  currentFindings(): ReadonlyMap<string, Finding[]>;
  /** Whether a record names a file, as the analysis last looked (kept a few seconds): for what runs after every analysis. */
  recentRecordChecker(root: string): (fromUri: string, record: string) => boolean;
  /** The findings suppression comments hid in a project's last analysis, with their reasons. */
  suppressedFindings(project: Project): SuppressedFinding[];
  onDidAnalyze(listener: (projects: Project[]) => void): void;
}

export function registerRecords(connection: Connection, workspace: RecordsWorkspace, catalog: Catalog): void {
  /** The project of the document the user is in; else the project whose folder holds the uri; else the first. */
  async function projectFor(uri: string | undefined): Promise<Project | undefined> {
    await workspace.whenIndexed();
    const projects = workspace.allProjects();
    if (uri) {
      const holding = workspace.project(canonicalUri(uri));
      if (holding) return holding;
      const parsed = URI.parse(uri);
      if (parsed.scheme === 'file') {
        const target = parsed.fsPath;
        const containing = projects
          .filter((project) => target === project.root || target.startsWith(project.root + path.sep))
          .sort((a, b) => b.root.length - a.root.length)[0];
        if (containing) return containing;
      }
    }
    return projects[0];
  }

  const relativeTo = (project: Project) => (uri: string) => {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return uri;
    return path.relative(project.root, parsed.fsPath).split(path.sep).join('/');
  };

  /** Links relative to the project root with a line fragment (`security/x.yaml#L12`): they work in the editor's report view and on a code host. */
  const linkTo = (project: Project) => {
    const relative = relativeTo(project);
    return (location: CoverageLocation) => `${encodeURI(relative(location.uri))}#L${location.range.start.line + 1}`;
  };

  /**
   * Coverage as the CLI reports it: the project's findings and its record files count. A view
   * the user asked for looks at the disk afresh; the status bar's summary, made after every
   * analysis, takes what the analysis saw (a fresh look at every record file took seconds at 1,500 documents).
   */
  function coverageOf(project: Project, findings = findingsOf(project), recordExists = recordFileChecker(project.root)): ClauseCoverage[] {
    return clauseCoverage(project.index, catalog, project.config, { findings: [...findings.values()].flat(), recordExists, today: new Date().toISOString().slice(0, 10) });
  }

  function findingsOf(project: Project): Map<string, Finding[]> {
    const all = workspace.currentFindings();
    return new Map(project.index.files().map((file) => [file.source.uri, all.get(file.source.uri) ?? []]));
  }

  connection.onRequest(
    CoverageRequest,
    safely(connection, 'coverage', null as CoverageDto | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      const entries = coverageOf(project);
      return {
        root: fileUri(project.root),
        clauses: entries.map((entry) => ({
          id: entry.clause.id,
          title: entry.clause.title,
          chapter: entry.clause.id.split('.')[0],
          status: entry.status,
          evidence: entry.evidence,
          citations: entry.citations,
          criteria: entry.criteria.map((result) => ({
            text: result.criterion.text,
            met: result.met,
            where: result.where,
            ...(result.missing ? { missing: result.missing } : {}),
          })),
          gaps: entry.gaps,
          ...(entry.tailoring ? { tailoring: entry.tailoring } : {}),
        })),
        markdown: coverageMarkdown(entries, relativeTo(project), linkTo(project)),
      };
    }),
  );

  connection.onRequest(
    TraceabilityTreeRequest,
    safely(connection, 'traceability tree', [] as TraceNodeDto[], async (params) => {
      const project = await projectFor(params?.uri);
      return project ? traceabilityTree(project.index).map(toTraceNodeDto) : [];
    }),
  );

  connection.onRequest(
    ComponentsRequest,
    safely(connection, 'components', [] as ComponentDto[], async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return [];
      return componentsBySupport(project.index, new Date().toISOString().slice(0, 10)).map(({ uri, range, ...entry }) => ({ ...entry, location: { uri, range } }));
    }),
  );

  connection.onRequest(
    ExportTraceabilityRequest,
    safely(connection, 'traceability export', null as string | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      const rows = traceabilityRows(project.index);
      return params.format === 'csv' ? traceabilityCsv(rows) : traceabilityMarkdown(rows);
    }),
  );

  connection.onRequest(
    ArchitectureDiagramRequest,
    safely(connection, 'architecture diagram', null as ArchitectureDiagramDto | null, async (params) => {
      const project = await projectFor(params?.uri);
      return project ? { mermaid: architectureMermaid(project.index), svg: architectureSvg(architectureModel(project.index, project.config)) } : null;
    }),
  );

  connection.onRequest(
    ExportAuditPackageRequest,
    safely(connection, 'export audit package', null as ExportAuditPackageResult | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      const format = params.format === 'docx' || params.format === 'md' ? params.format : 'html';
      const report = projectAuditReport(project, { catalog, toolVersion: TOOL_VERSION, projectLabel: path.basename(project.root), findingsByUri: findingsOf(project) });
      const bytes = await renderAuditReport(format, [{ report, project }]);
      const file = auditPackagePath(project.root, format);
      try {
        const expected = fs.existsSync(file) ? fs.readFileSync(file) : null;
        writeFileAtomic(file, bytes, { expected, root: project.root });
      } catch (error) {
        return { problem: error instanceof WriteFileError ? error.message : `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
      }
      return { uri: fileUri(file) };
    }),
  );

  connection.onRequest(
    ReleaseReadinessRequest,
    safely(connection, 'release readiness', null as ReleaseReadinessDto | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      const findings = findingsOf(project);
      const { markdown, blocking } = releaseReadiness(project.index, findings, relativeTo(project), workspace.suppressedFindings(project));
      // What changed since the release record's baseline (read through git, bounded): only when a record names one.
      const comparison = compareWithBaseline(project, { findings: [...findings.values()].flat(), coverage: coverageOf(project, findings) }, catalog);
      return { markdown: comparison ? `${markdown.trimEnd()}\n\n${baselineMarkdown(comparison)}` : markdown, blocking, root: fileUri(project.root) };
    }),
  );

  registerSbomSupport(connection, projectFor, () => localDate(new Date()));

  connection.onRequest(
    GenerateTailoringRequest,
    safely(connection, 'generate tailoring', null as GenerateTailoringResult | null, async (params) => {
      const project = await projectFor(params?.uri);
      if (!project) return null;
      // Where a record would be created (when the project has none): a file in the way is named, not bypassed.
      const hasRecord = project.index.documentsOfKind('tailoring-record').length > 0;
      const newFile = hasRecord ? { file: path.join(project.root, `${TAILORING_FILE}.yaml`) } : newTailoringRecordPath(project.root);
      // A file the analysis read (of another kind) is named by the plan itself; one it could not read, here.
      if (newFile.problem && !project.index.has(fileUri(newFile.file))) return { edits: [], added: [], problem: newFile.problem };
      const plan = planTailoringRecord(project.index, catalog, project.config, {
        newFileUri: fileUri(newFile.file),
        today: localDate(new Date()),
        evidence: { recordExists: recordFileChecker(project.root) },
      });
      if (plan.problem) return { edits: [], added: [], problem: plan.problem };
      if (!plan.added.length && !plan.edits?.length) return { edits: [], added: [] };
      const edit = plan.create ? { uri: plan.uri, create: true, text: plan.text ?? '' } : { uri: plan.uri, edits: plan.edits ?? [] };
      return { edits: [edit], added: plan.added };
    }),
  );

  // ---- Summary for the status bar: one notification per analysed project, only when it changed.
  const pending = new Set<Project>();
  const lastSent = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const sendSummaries = () => {
    const projects = [...pending];
    pending.clear();
    for (const project of projects) {
      try {
        if (!workspace.allProjects().includes(project)) continue;
        const summary = summaryOf(project);
        const key = JSON.stringify(summary);
        if (lastSent.get(project.key) === key) continue;
        lastSent.set(project.key, key);
        void connection.sendNotification(SummaryNotification, summary);
      } catch (error) {
        connection.console.error(`Clause Guide: summary of ${project.key} failed: ${(error as Error)?.stack ?? error}`);
      }
    }
  };

  /** Adds up per-file tallies (projectSummary): made after every analysis, it must not walk every finding of the project. */
  function summaryOf(project: Project): SummaryDto {
    const evidence = { recordExists: workspace.recentRecordChecker(project.root), today: new Date().toISOString().slice(0, 10) };
    return { ...projectSummary(project.index, findingsOf(project), catalog, project.config, evidence), root: fileUri(project.root) };
  }

  workspace.onDidAnalyze((projects) => {
    for (const project of projects) pending.add(project);
    clearTimeout(timer);
    timer = setTimeout(sendSummaries, SUMMARY_DELAY_MS);
  });
}

function toTraceNodeDto(node: TraceNode): TraceNodeDto {
  return {
    id: node.id,
    label: node.label,
    kind: node.kind,
    ...(node.location ? { location: node.location } : {}),
    children: node.children.map(toTraceNodeDto),
    ...(node.gaps.length ? { gaps: node.gaps } : {}),
  };
}

/**
 * Where a new tailoring record goes: next to the other security documents when the project has a
 * `security/` folder, else at its root. A file of that name is never overwritten: it is there but
 * not in the analysis (it could not be read, or it is no tailoring record), so the person is told
 * why, as the CLI tells them, instead of getting a second record beside it.
 */
export function newTailoringRecordPath(root: string): { file: string; problem?: string } {
  const securityFolder = path.join(root, 'security');
  // A `security` link that leads out of the project is not its folder: never plan a write outside it.
  const folder = isDirectory(securityFolder) && isInside(root, securityFolder) ? securityFolder : root;
  const file = path.join(folder, `${TAILORING_FILE}.yaml`);
  if (!fs.existsSync(file) && !isSymbolicLink(file)) return { file };
  return { file, problem: recordInTheWay(file, path.relative(root, file).split(path.sep).join('/')) };
}

/** Where the audit package goes: beside the security documents (the `security/` folder when there is one), replacing the last export. */
export function auditPackagePath(root: string, format: 'html' | 'md' | 'docx'): string {
  const securityFolder = path.join(root, 'security');
  const folder = isDirectory(securityFolder) && isInside(root, securityFolder) ? securityFolder : root;
  return path.join(folder, `${AUDIT_PACKAGE_FILE}.${format}`);
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function isDirectory(folder: string): boolean {
  try {
    return fs.statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Today's date in the user's time zone (ISO form), as a person would write it in the record. */
function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
