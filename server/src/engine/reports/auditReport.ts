// The audit report as data: everything an auditor receives, built once per project from the same
// engine answers as the editor and `check` (clauseCoverage, the analyzer's findings, the tailoring
// judgement, the architecture model), then written out by one renderer per format (auditHtml.ts,
// auditMarkdown.ts, node/auditDocx.ts). Gaps are rows, never dropped: a threat no requirement names,
// a requirement with no verification, a boundary without a control all appear, marked.
//
// Extension points for evidence other parts of the tool read (test results, SBOM, vulnerabilities):
// - `verificationResult` answers the result of one verification id; without it the project's own
//   test results (JUnit files in the index, as the verification rules and hover read them) answer,
//   and an id no result names reads "no result recorded", never "passed";
// - `extraSections` are tables appended before the findings list, in every format.
import type { Catalog } from '../catalog';
import { isClauseApplicable, type ClauseGuideConfig } from '../config';
import { coverageTotals, type ClauseCoverage, type CoverageStatus } from '../coverage';
import { fieldList, fieldText, type ModelItem } from '../model';
import { judgeTailoringEntry } from '../tailoringEntry';
import type { Finding, Severity } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { architectureModel, type ArchitectureModel } from './architecture';
import { CHAPTER_TITLES, chapterOf } from './coverageReport';
import { architectureSvg } from './diagramSvg';
import { itemOf, testResultsOf } from '../evidence/verification';
import { releaseReadiness } from './readiness';

/** What the host knows that the engine cannot: versions, the commit, today, and how to name a file. */
export interface AuditReportInput {
  workspace: WorkspaceIndex;
  catalog: Catalog;
  config: ClauseGuideConfig;
  /** The project's findings per file, as the analyzer reports them (configured, unsuppressed). */
  findingsByUri: ReadonlyMap<string, readonly Finding[]>;
  /** clauseCoverage() of the project, with its findings and record checker. */
  coverage: readonly ClauseCoverage[];
  /** A file's path as the report shows it (relative to the project root, '/' separators). */
  relativePath: (uri: string) => string;
  meta: {
    /** The project folder as shown (relative to where the report was asked for). */
    project: string;
    /** Git commit of the working tree, or null when the project is not in a git repository (or git did not answer). */
    commit: string | null;
    /** Whether the working tree has changes the commit does not hold. */
    dirty?: boolean;
    /** ISO date-time the report was made. */
    generated: string;
    toolVersion: string;
    catalogVersion: string;
  };
  verificationResult?: (verificationId: string) => VerificationResult | undefined;
  extraSections?: ReportTable[];
}

export interface VerificationResult {
  /** passed, failed, skipped, error … as the evidence says it. */
  status: string;
  /** Where the result is recorded (file:line). */
  where?: string;
}

/** A place in the security file: a path and a 1-based line. */
export interface Place {
  file: string;
  line: number;
}

/** A generic table: how other evidence slots into every format. */
export interface ReportTable {
  id: string;
  title: string;
  intro?: string;
  columns: string[];
  rows: { cells: string[]; gap?: boolean }[];
}

export type ClauseRowStatus = CoverageStatus | 'group' | 'overview' | 'not-applicable';

export interface ClauseRow {
  id: string;
  title: string;
  status: ClauseRowStatus;
  /** Why the clause is not judged (group, overview, not applicable). */
  note?: string;
  criteria: { text: string; met: boolean; where: (Place & { what: string })[]; missing?: string }[];
  gaps: string[];
  tailoring?: Place;
  citations: Place[];
}

export interface TailoringRow {
  clause: string;
  clauseTitle: string;
  decision: string;
  justification: string;
  approvedBy: string;
  date: string;
  due: string;
  decided: boolean;
  problems: string[];
  place: Place;
}

export interface ForwardTraceRow {
  threat: string;
  threatTitle: string;
  /** The controls that mitigate the threat ('' with a gap when none). */
  controls: string[];
  requirement: string;
  verification: string;
  result: string;
  gaps: string[];
}

export interface BackwardTraceRow {
  requirement: string;
  text: string;
  threats: { id: string; defined: boolean }[];
  verification: string[];
  gaps: string[];
  place: Place;
}

export interface ReleaseSection {
  release: string;
  decision: string;
  place: Place;
  blocking: number;
  findings: { id: string; source: string; status: string; issue: string; place: Place }[];
  activities: { clause: string; status: string; record: string; place: Place }[];
}

export interface ReportFinding extends Place {
  severity: Severity;
  rule: string;
  clause: string | null;
  message: string;
}

export interface AuditReport {
  meta: AuditReportInput['meta'] & { products: string[]; releases: string[]; standard: string };
  totals: Record<CoverageStatus, number> & { applicable: number };
  chapters: { id: string; title: string; clauses: ClauseRow[] }[];
  tailoring: { approvers: { name: string; role: string; expertise: string; record: string }[]; entries: TailoringRow[] };
  traceForward: ForwardTraceRow[];
  traceBackward: BackwardTraceRow[];
  readiness: {
    blocking: number;
    releases: ReleaseSection[];
    /** Project-wide findings that hold up every release (errors of the tailoring and coverage rules, …). */
    blockingFindings: ReportFinding[];
    suppressions: { place: Place; rules: string[]; reason: string }[];
  };
  architecture: ArchitectureModel;
  diagramSvg: string;
  extraSections: ReportTable[];
  findings: ReportFinding[];
}

export const STANDARD = 'IEC 81001-5-1:2021';

export function buildAuditReport(input: AuditReportInput): AuditReport {
  const { workspace, catalog, config, relativePath } = input;
  const placeOf = (item: { uri: string; range: { start: { line: number } } }): Place => ({ file: relativePath(item.uri), line: item.range.start.line + 1 });
  const itemPlace = (item: ModelItem): Place => placeOf({ uri: item.uri, range: item.id?.range ?? item.anchor });
  const documents = workspace.documents();
  const products = unique(documents.map((document) => fieldText(document, 'product').trim()));
  const releaseRecords = workspace.documentsOfKind('release-record');
  const releases = unique(releaseRecords.map((record) => fieldText(record, 'release').trim()));
  const allFindings = [...input.findingsByUri.values()].flat();
  const reportFindings: ReportFinding[] = allFindings
    .map((finding) => ({ ...placeOf(finding), severity: finding.severity, rule: finding.rule, clause: finding.clause, message: finding.message }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  const architecture = architectureModel(workspace, config);
  return {
    meta: { ...input.meta, products, releases, standard: STANDARD },
    totals: { ...coverageTotals([...input.coverage]), applicable: input.coverage.length },
    chapters: chapters(catalog, config, input.coverage, placeOf),
    tailoring: tailoring(workspace, catalog, placeOf, relativePath),
    traceForward: traceForward(workspace, input.verificationResult ?? indexedTestResults(workspace, relativePath)),
    traceBackward: traceBackward(workspace, itemPlace),
    readiness: readiness(input, placeOf, reportFindings),
    architecture,
    diagramSvg: architectureSvg(architecture),
    extraSections: input.extraSections ?? [],
    findings: reportFindings,
  };
}

/** Every clause of the catalog, in catalog order under its chapter: judged ones with their result, the rest saying why they are not judged. */
function chapters(catalog: Catalog, config: ClauseGuideConfig, coverage: readonly ClauseCoverage[], placeOf: (location: { uri: string; range: { start: { line: number } } }) => Place): AuditReport['chapters'] {
  const judged = new Map(coverage.map((entry) => [entry.clause.id, entry]));
  const out: AuditReport['chapters'] = [];
  for (const clause of catalog.clauses) {
    const chapter = chapterOf(clause.id);
    let group = out.find((g) => g.id === chapter);
    if (!group) out.push((group = { id: chapter, title: CHAPTER_TITLES[chapter] ?? '', clauses: [] }));
    const entry = judged.get(clause.id);
    if (entry) {
      group.clauses.push({
        id: clause.id,
        title: clause.title,
        status: entry.status,
        criteria: entry.criteria.map((result) => ({
          text: result.criterion.text,
          met: result.met,
          where: result.where.map((location) => ({ ...placeOf(location), what: location.what })),
          ...(result.missing ? { missing: result.missing } : {}),
        })),
        gaps: entry.gaps,
        ...(entry.tailoring ? { tailoring: placeOf(entry.tailoring) } : {}),
        citations: entry.citations.map(placeOf),
      });
      continue;
    }
    const [status, note]: [ClauseRowStatus, string] = clause.overview
      ? ['overview', 'An overview; it asks for no evidence of its own.']
      : catalog.children(clause.id).length
        ? ['group', 'A group of clauses: each of its subclauses is judged on its own row.']
        : clause.applies_to === 'transitional' && !config.transitional
          ? ['not-applicable', 'Applies to transitional health software only; this product does not declare itself transitional.']
          : !isClauseApplicable(config, clause.id)
            ? ['not-applicable', 'Excluded by the project configuration (.clause-guide.yaml `clauses`).']
            : ['not-applicable', 'Not judged.'];
    group.clauses.push({ id: clause.id, title: clause.title, status, note, criteria: [], gaps: [], citations: [] });
  }
  return out;
}

function tailoring(workspace: WorkspaceIndex, catalog: Catalog, placeOf: (l: { uri: string; range: { start: { line: number } } }) => Place, relativePath: (uri: string) => string): AuditReport['tailoring'] {
  const records = workspace.documentsOfKind('tailoring-record');
  const approvers = records.flatMap((record) =>
    (record.collections.approvers?.items ?? []).map((approver) => ({
      name: fieldText(approver, 'name').trim(),
      role: fieldText(approver, 'role').trim(),
      expertise: fieldText(approver, 'security_expertise').trim(),
      record: relativePath(record.uri),
    })),
  );
  const entries = records.flatMap((record) =>
    (record.collections.entries?.items ?? []).map((entry): TailoringRow => {
      const judgement = judgeTailoringEntry(entry, record.collections.approvers?.items ?? []);
      const clause = fieldText(entry, 'clause').trim().replace(/^§\s*/, '');
      return {
        clause,
        clauseTitle: catalog.get(clause)?.title ?? '',
        decision: fieldText(entry, 'decision').trim(),
        justification: fieldText(entry, 'justification').trim(),
        approvedBy: fieldText(entry, 'approved_by').trim(),
        date: fieldText(entry, 'date').trim(),
        due: fieldText(entry, 'due').trim(),
        decided: judgement.decided,
        problems: judgement.problems,
        place: placeOf({ uri: entry.uri, range: entry.fields.clause?.scalar?.range ?? entry.anchor }),
      };
    }),
  );
  return { approvers, entries };
}

/** Threat → controls → requirement → verification → result; one row per threat × requirement × verification, and a row for each threat with none. */
function traceForward(workspace: WorkspaceIndex, resultOf: AuditReportInput['verificationResult']): ForwardTraceRow[] {
  const requirements = workspace.items('requirements');
  const controls = uniqueById(workspace.items('controls'));
  const rows: ForwardTraceRow[] = [];
  for (const threat of uniqueById(workspace.items('threats'))) {
    const id = threat.id!.text;
    const mitigating = controls.filter((control) => listIds(control, 'mitigates').includes(id)).map((control) => control.id!.text);
    const base = { threat: id, threatTitle: fieldText(threat, 'title').trim(), controls: mitigating };
    const threatGaps = mitigating.length ? [] : ['no control mitigates this threat'];
    const naming = requirements.filter((requirement) => listIds(requirement, 'threats').includes(id));
    if (!naming.length) {
      rows.push({ ...base, requirement: '', verification: '', result: '', gaps: [...threatGaps, 'no requirement names this threat'] });
      continue;
    }
    for (const requirement of naming) {
      const verification = listIds(requirement, 'verification');
      const requirementId = requirement.id?.text ?? '(requirement without id)';
      if (!verification.length) {
        rows.push({ ...base, requirement: requirementId, verification: '', result: '', gaps: [...threatGaps, 'the requirement names no verification'] });
        continue;
      }
      for (const test of verification) {
        const result = resultOf?.(test);
        const gaps = [...threatGaps];
        if (!result) gaps.push('no result recorded for this verification');
        else if (!/^pass/i.test(result.status)) gaps.push(`verification ${result.status}`);
        rows.push({ ...base, requirement: requirementId, verification: test, result: result ? `${result.status}${result.where ? ` (${result.where})` : ''}` : 'no result recorded', gaps });
      }
    }
  }
  return rows;
}

/** The verification result the index's test-case items (JUnit files) give an id: passed or failed, at the first case that says so. */
function indexedTestResults(workspace: WorkspaceIndex, relativePath: (uri: string) => string): AuditReportInput['verificationResult'] {
  const results = testResultsOf(workspace.items('test-cases'));
  return (id) => {
    const result = results.resultFor(id);
    if (result.verdict === 'no-result') return undefined;
    // Failed cases come first, so a failure points at the case that failed.
    const first = result.matches[0];
    const item = itemOf(first.testCase);
    return { status: result.verdict, where: `${relativePath(first.uri)}${item ? `:${item.range.start.line + 1}` : ''}` };
  };
}

/** Requirement → the threats it names (and whether each is defined) and its verification. */
function traceBackward(workspace: WorkspaceIndex, itemPlace: (item: ModelItem) => Place): BackwardTraceRow[] {
  const threatIds = new Set(workspace.items('threats').map((threat) => threat.id?.text).filter(Boolean));
  return workspace.items('requirements').map((requirement) => {
    const threats = listIds(requirement, 'threats').map((id) => ({ id, defined: threatIds.has(id) }));
    const verification = listIds(requirement, 'verification');
    const gaps: string[] = [];
    if (!threats.length) gaps.push('names no threat');
    for (const threat of threats) if (!threat.defined) gaps.push(`threat ${threat.id} is defined nowhere`);
    if (!verification.length) gaps.push('names no verification');
    return { requirement: requirement.id?.text ?? '(no id)', text: fieldText(requirement, 'text').trim(), threats, verification, gaps, place: itemPlace(requirement) };
  });
}

function readiness(input: AuditReportInput, placeOf: (l: { uri: string; range: { start: { line: number } } }) => Place, findings: ReportFinding[]): AuditReport['readiness'] {
  const { workspace } = input;
  const findingsByUri = new Map([...input.findingsByUri].map(([uri, list]) => [uri, [...list]]));
  // The verdict is the release-readiness report's own (the editor's Check Release Readiness), not a recount.
  const verdict = releaseReadiness(workspace, findingsByUri, input.relativePath);
  const releases = workspace.documentsOfKind('release-record').map((record): ReleaseSection => {
    const own = [...(input.findingsByUri.get(record.uri) ?? [])].filter((finding) => finding.rule === 'release-open-finding' || finding.severity === 'error');
    return {
      release: fieldText(record, 'release').trim(),
      decision: fieldText(record, 'decision').trim() || 'not stated',
      place: placeOf({ uri: record.uri, range: record.kindRange }),
      blocking: own.length,
      findings: (record.collections.findings?.items ?? []).map((item) => ({
        id: item.id?.text ?? '',
        source: fieldText(item, 'source').trim(),
        status: fieldText(item, 'status').trim() || 'not stated',
        issue: fieldText(item, 'issue').trim(),
        place: placeOf({ uri: item.uri, range: item.id?.range ?? item.anchor }),
      })),
      activities: (record.collections.activities?.items ?? []).map((item) => ({
        clause: fieldText(item, 'clause').trim(),
        status: fieldText(item, 'status').trim() || 'not stated',
        record: fieldText(item, 'record').trim(),
        place: placeOf({ uri: item.uri, range: item.fields.clause?.scalar?.range ?? item.anchor }),
      })),
    };
  });
  const releaseUris = new Set(workspace.documentsOfKind('release-record').map((record) => input.relativePath(record.uri)));
  const blockingFindings = findings.filter((finding) => finding.severity === 'error' && !releaseUris.has(finding.file));
  const suppressions = workspace.files().flatMap((file) =>
    file.suppressions.map((suppression) => ({ place: { file: input.relativePath(file.source.uri), line: suppression.range.start.line + 1 }, rules: [...suppression.rules], reason: suppression.reason.trim() })),
  );
  return { blocking: verdict.blocking, releases, blockingFindings, suppressions };
}

function uniqueById(items: ModelItem[]): ModelItem[] {
  const seen = new Set<string>();
  return items.filter((item) => item.id && !seen.has(item.id.text) && seen.add(item.id.text));
}

function listIds(item: ModelItem, key: string): string[] {
  const values = item.fields[key]?.list ? fieldList(item, key).map((value) => value.text) : [fieldText(item, key)];
  return values.map((value) => value.trim()).filter(Boolean);
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

/** Words for a status, as every format prints it (never a colour or an emoji alone). */
export const STATUS_WORDS: Record<ClauseRowStatus, string> = {
  covered: 'COVERED',
  tailored: 'TAILORED',
  pending: 'PENDING',
  claimed: 'CLAIMED (criteria unmet)',
  missing: 'MISSING',
  group: 'group of clauses',
  overview: 'overview',
  'not-applicable': 'not applicable',
};
