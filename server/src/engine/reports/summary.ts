// The status bar's summary of a project: coverage totals, how many findings block a release, and
// how many errors and warnings there are. The server makes it after every analysis, so it must not
// walk every finding of the project each time (25,000 at 1,500 generated documents: most of a
// keystroke's CPU in the eighth round's profile). Each file's findings are tallied once per
// findings array (the analyzer hands back the same array for a file whose findings did not
// change), and the summary adds up the tallies. `projectSummaryFromScratch` is the plain reading
// of the same figures, which the tests hold it to.
import type { Catalog } from '../catalog';
import type { ClauseGuideConfig } from '../config';
import { clauseCoverage, coverageTotals, openFindingsByClause, type CoverageStatus, type OpenFindings } from '../coverage';
import type { EvidenceOptions } from '../criteria';
import type { Finding } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { blockingScope, releaseReadiness } from './readiness';

export type ProjectSummary = Record<CoverageStatus, number> & {
  /** Findings that block a release (as Check Release Readiness counts them). */
  blocking: number;
  errors: number;
  warnings: number;
};

/** What one file's findings add to the summary. */
interface FileTally {
  errors: number;
  warnings: number;
  open: OpenFindings;
  /** Blocking findings that hold up every release. */
  projectBlocking: number;
  /** Blocking findings that block the release record they are on, per the file they are on. */
  releaseBlocking: Map<string, number>;
}

const tallies = new WeakMap<Finding[], FileTally>();

function tallyOf(findings: Finding[]): FileTally {
  let tally = tallies.get(findings);
  if (tally) return tally;
  tally = { errors: 0, warnings: 0, open: openFindingsByClause(findings), projectBlocking: 0, releaseBlocking: new Map() };
  for (const finding of findings) {
    if (finding.severity === 'error') tally.errors++;
    else if (finding.severity === 'warning') tally.warnings++;
    const scope = blockingScope(finding);
    if (scope === 'project') tally.projectBlocking++;
    else if (scope === 'release') tally.releaseBlocking.set(finding.uri, (tally.releaseBlocking.get(finding.uri) ?? 0) + 1);
  }
  tallies.set(findings, tally);
  return tally;
}

/** The summary of a project from its findings (per file, as the analyzer reported them). */
export function projectSummary(workspace: WorkspaceIndex, findingsByUri: Map<string, Finding[]>, catalog: Catalog, config: ClauseGuideConfig, evidence: EvidenceOptions): ProjectSummary {
  const releaseRecords = workspace.documentsOfKind('release-record');
  const recordUris = new Set(releaseRecords.map((record) => record.uri));
  const open: OpenFindings = new Map();
  let errors = 0;
  let warnings = 0;
  // Without a release record, the missing record itself blocks (as releaseReadiness counts it).
  let blocking = releaseRecords.length ? 0 : 1;
  for (const findings of findingsByUri.values()) {
    if (!findings.length) continue;
    const tally = tallyOf(findings);
    errors += tally.errors;
    warnings += tally.warnings;
    blocking += tally.projectBlocking;
    for (const [uri, count] of tally.releaseBlocking) if (recordUris.has(uri)) blocking += count;
    // Merged in file order: the same counts and rule order as one pass over every finding.
    for (const [clause, entry] of tally.open) {
      const merged = open.get(clause);
      if (!merged) open.set(clause, { count: entry.count, rules: new Set(entry.rules) });
      else {
        merged.count += entry.count;
        for (const rule of entry.rules) merged.rules.add(rule);
      }
    }
  }
  const totals = coverageTotals(clauseCoverage(workspace, catalog, config, { ...evidence, openFindings: open }));
  return { ...totals, blocking, errors, warnings };
}

/** The same figures read plainly: every finding, the release readiness report's count. */
export function projectSummaryFromScratch(workspace: WorkspaceIndex, findingsByUri: Map<string, Finding[]>, catalog: Catalog, config: ClauseGuideConfig, evidence: EvidenceOptions): ProjectSummary {
  const all = [...findingsByUri.values()].flat();
  const totals = coverageTotals(clauseCoverage(workspace, catalog, config, { ...evidence, findings: all }));
  return {
    ...totals,
    blocking: releaseReadiness(workspace, findingsByUri, () => '').blocking,
    errors: all.filter((finding) => finding.severity === 'error').length,
    warnings: all.filter((finding) => finding.severity === 'warning').length,
  };
}
