// Types and messages shared by the VS Code client and the language server (one place, as in vscode-eslint).
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import { byteSizeOf } from './byteSize';

/** The configuration section the server pulls per resource through `workspace/configuration`. */
export const SETTINGS_SECTION = 'clauseGuide';

export type RuleSeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ClauseGuideSettings {
  /** Path (absolute, or relative to the workspace folder) of the user's own copy of the clause text. */
  clauseTextFile: string;
  /** Rule name → severity or 'off', applied over the project's .clause-guide.yaml in the editor only (the CLI reads the file). */
  rules: Record<string, RuleSeveritySetting>;
  /** Index every security file of the workspace folder (true) or only the documents open in the editor (false). */
  checkWorkspace: boolean;
  /**
   * Files larger than this many bytes are not read. The setting may be written "10 MB" as in
   * .clause-guide.yaml; normalizeSettings turns it into bytes.
   */
  maxFileSize: number;
}

/**
 * V8 options for the language server's process. It runs all day beside the editor holding a
 * model of every security file, so its memory should stay close to what it holds: V8's defaults
 * (16 MB semi-spaces; an old generation that grows to 1.1–4× its live size between collections)
 * suit short, fast programs. Measured at 5,000 documents in docs/performance.md, with no change in
 * edit-to-diagnostics latency. The client starts the server with both; `clause-guide-lsp` sets the
 * heap growth itself (the semi-space size can only be given at start-up).
 */
export const SERVER_HEAP_GROWING_OPTION = '--heap-growing-percent=10';
export const SERVER_NODE_OPTIONS = ['--max-semi-space-size=8', SERVER_HEAP_GROWING_OPTION];

export const DEFAULT_SETTINGS: ClauseGuideSettings = Object.freeze({ clauseTextFile: '', rules: Object.freeze({}), checkWorkspace: true, maxFileSize: 5 * 1024 * 1024 });

const RULE_SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * Settings come from user JSON (settings.json, another editor's config), so any value may have
 * any type: every setting keeps a well-formed value and falls back to its default otherwise (a
 * `clauseTextFile` given as an array must not empty every hover). `knownRules` (the server's rule
 * names) drops overrides for rules that do not exist.
 */
export function normalizeSettings(value: unknown, knownRules?: readonly string[]): ClauseGuideSettings {
  const given = isRecord(value) ? value : {};
  return {
    clauseTextFile: normalizeClauseTextFile(given.clauseTextFile),
    rules: normalizeRules(given.rules, knownRules),
    checkWorkspace: typeof given.checkWorkspace === 'boolean' ? given.checkWorkspace : DEFAULT_SETTINGS.checkWorkspace,
    maxFileSize: byteSizeOf(given.maxFileSize) ?? DEFAULT_SETTINGS.maxFileSize,
  };
}

function normalizeClauseTextFile(value: unknown): string {
  return typeof value === 'string' ? value.trim() : DEFAULT_SETTINGS.clauseTextFile;
}

function normalizeRules(value: unknown, knownRules: readonly string[] | undefined): Record<string, RuleSeveritySetting> {
  const rules: Record<string, RuleSeveritySetting> = {};
  if (!isRecord(value)) return rules;
  const known = knownRules && new Set(knownRules);
  for (const [name, severity] of Object.entries(value)) {
    if ((!known || known.has(name)) && typeof severity === 'string' && RULE_SEVERITY_SETTINGS.includes(severity)) rules[name] = severity as RuleSeveritySetting;
  }
  return rules;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ClauseSummary {
  id: string;
  title: string;
  summary: string;
  parent: string | null;
  phase: string;
  iec62443_4_1: string[];
  /** Words for the clause's topic that Find Clause searches (catalog `keywords:`). */
  keywords: string[];
}

/** The whole catalog, for clients that search or list it (Find Clause, coverage view). */
export const ClauseListRequest = new RequestType0<ClauseSummary[], void>('clauseGuide/clauses');

export interface ClauseMarkdownParams {
  id: string;
  /** The document the user works in: its settings decide whether official text is shown. */
  uri?: string;
}

/** One clause rendered as Markdown, exactly as hover shows it. */
export const ClauseMarkdownRequest = new RequestType<ClauseMarkdownParams, string | null, void>('clauseGuide/clauseMarkdown');

// ---- Records and views (SPEC §6) -------------------------------------------------------------
// Every request takes the uri of the document the user is in (or none: the first project), so a
// multi-product repository answers for the product at hand.

export interface ProjectParams {
  uri?: string;
}

export interface LocationDto {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface CoverageEntryDto {
  id: string;
  title: string;
  /** The top-level chapter ("4" … "9", "E"), for grouping. */
  chapter: string;
  /** covered: criteria met by content · tailored: a decided entry · pending: an entry not yet a decision · claimed: cited, criteria unmet · missing: nothing. */
  status: 'covered' | 'tailored' | 'pending' | 'claimed' | 'missing';
  /** The statements that met the clause's criteria. */
  evidence: LocationDto[];
  /** Where the clause is cited (a claim, not evidence). */
  citations: LocationDto[];
  /** Each criterion: what must be shown, whether it is met, and where. */
  criteria: { text: string; met: boolean; where: (LocationDto & { what: string })[]; missing?: string }[];
  /** What keeps the clause from covered or tailored. */
  gaps: string[];
  tailoring?: LocationDto;
}

export interface CoverageDto {
  /** Root folder of the project (its .clause-guide.yaml folder, or the workspace folder). */
  root: string;
  clauses: CoverageEntryDto[];
  /** Markdown report: per clause covered / tailored / missing, with links to the evidence. */
  markdown: string;
}

export const CoverageRequest = new RequestType<ProjectParams, CoverageDto | null, void>('clauseGuide/coverage');

export interface TraceNodeDto {
  id: string;
  label: string;
  kind: 'threat' | 'control' | 'requirement' | 'verification';
  location?: LocationDto;
  children: TraceNodeDto[];
  /** What is missing at this node: a threat no control mitigates or no requirement names, a requirement with no verification. */
  gaps?: string[];
}

export const TraceabilityTreeRequest = new RequestType<ProjectParams, TraceNodeDto[], void>('clauseGuide/traceabilityTree');

/** One SBOM component for the Components view, judged as component-end-of-support-passed and component-support-missing judge it. */
export interface ComponentDto {
  label: string;
  purl?: string;
  supplier?: string;
  level?: string;
  endOfSupport?: string;
  /** The file that states the support data (the SBOM or its sidecar). */
  statedIn?: string;
  status: 'end-of-support-passed' | 'support-missing' | 'supported';
  location: LocationDto;
}

/** The project's SBOM components, most urgent support status first. */
export const ComponentsRequest = new RequestType<ProjectParams, ComponentDto[], void>('clauseGuide/components');

export interface ExportTraceabilityParams extends ProjectParams {
  format: 'csv' | 'md';
}

/** The requirement → threat → control → verification matrix, as CSV or Markdown text. */
export const ExportTraceabilityRequest = new RequestType<ExportTraceabilityParams, string | null, void>('clauseGuide/exportTraceability');

/** Mermaid source of zones, trust boundaries and the controls at each boundary. */
export interface ArchitectureDiagramDto {
  mermaid: string;
  /** The drawn diagram (zones, boundaries, controls by layer, threats, gaps, legend), as in the audit report. */
  svg: string;
}

export const ArchitectureDiagramRequest = new RequestType<ProjectParams, ArchitectureDiagramDto | null, void>('clauseGuide/architectureDiagram');

export interface ExportAuditPackageParams extends ProjectParams {
  format: 'html' | 'md' | 'docx';
}

export interface ExportAuditPackageResult {
  /** The file written (a file URI). */
  uri?: string;
  /** Why nothing was written. */
  problem?: string;
}

/** Writes the audit report of the project next to its security file (server side, atomically) and says where. */
export const ExportAuditPackageRequest = new RequestType<ExportAuditPackageParams, ExportAuditPackageResult | null, void>('clauseGuide/exportAuditPackage');

export interface ReleaseReadinessDto {
  /** Markdown report of what blocks the release under §5.8. */
  markdown: string;
  blocking: number;
  /** Root folder of the project; the report's links are relative to it. */
  root?: string;
}

export const ReleaseReadinessRequest = new RequestType<ProjectParams, ReleaseReadinessDto | null, void>('clauseGuide/releaseReadiness');

export interface GenerateTailoringResult {
  /** Edits to apply (existing record updated, or a new file created with `create`). */
  edits: { uri: string; create?: boolean; text?: string; edits?: { range: LocationDto['range']; newText: string }[] }[];
  /** Clause ids that got a new entry. */
  added: string[];
  /** Why nothing could be written safely (e.g. the record does not parse); edits are then empty. */
  problem?: string;
}

/** Computes the tailoring record update; the client applies it (so it can be undone). */
export const GenerateTailoringRequest = new RequestType<ProjectParams, GenerateTailoringResult | null, void>('clauseGuide/generateTailoring');

export interface SbomSupportParams extends ProjectParams {
  format: 'md' | 'csv';
}

export interface SbomSupportResult {
  /** Sidecar changes to apply (an undecided entry per component without support data), as for the tailoring record. */
  edits: GenerateTailoringResult['edits'];
  /** The purls that get an entry. */
  added: string[];
  /** Why a sidecar could not be changed safely, and components no entry can name (no purl). */
  problems: string[];
  /** The FDA support addendum of the project's SBOMs, in the asked format; null when the project has no SBOM. */
  addendum: string | null;
}

/** Plans the support sidecars and writes the addendum text; the client applies the sidecar edits (so they can be undone). */
export const SbomSupportRequest = new RequestType<SbomSupportParams, SbomSupportResult | null, void>('clauseGuide/sbomSupport');

export interface SummaryDto {
  covered: number;
  tailored: number;
  pending: number;
  claimed: number;
  missing: number;
  /** Findings that block a release: errors of the release and tailoring rules. */
  blocking: number;
  errors: number;
  warnings: number;
  /** Root folder of the project summarised (one notification per project). */
  root?: string;
}

/** Sent by the server after each analysis, for the status bar. */
export const SummaryNotification = new NotificationType<SummaryDto>('clauseGuide/summary');
