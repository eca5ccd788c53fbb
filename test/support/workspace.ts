// Multi-file fixtures: analyse a small workspace given as { fileName: text }.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, RULES, WorkspaceIndex, type ClauseGuideConfig, type Finding, type Fix } from '../../server/src/engine';
import { applyEdits, parse, testCatalog } from './fixtures';

export const uriOf = (fileName: string) => `file:///ws/${fileName}`;

export interface AnalysedWorkspace {
  index: WorkspaceIndex;
  /** All findings, in file order. */
  findings: Finding[];
  /** Findings of one rule. */
  of(rule: string): Finding[];
  files: Record<string, string>;
}

/**
 * `recordFiles`, when given, are the record paths (relative to the workspace root) that exist on
 * the pretend disk, as the host's record checker would say; without it the host checks no disk.
 * `today` (YYYY-MM-DD) is the date the host gives the rules that compare dates; without it none does.
 */
export function analyzeFiles(files: Record<string, string>, config: Partial<ClauseGuideConfig> = {}, recordFiles?: string[], today?: string): AnalysedWorkspace {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  const evidence = {
    ...(recordFiles ? { recordExists: (_from: string, record: string) => recordFiles.includes(record.trim().replace(/^\//, '')) } : {}),
    ...(today ? { today } : {}),
  };
  const byUri = new Analyzer(testCatalog()).analyze(index, { ...DEFAULT_CONFIG, ...config }, evidence);
  const findings = [...byUri.values()].flat();
  return { index, findings, of: (rule) => findings.filter((f) => f.rule === rule), files };
}

/** Applies a fix's edits to the files they touch and returns the new files. */
export function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const result = { ...files };
  for (const [uri, edits] of Object.entries(fix.edits)) {
    const name = Object.keys(files).find((file) => uriOf(file) === uri);
    assert.ok(name, `fix edits a file of the workspace: ${uri}`);
    result[name] = applyEdits(files[name], edits);
  }
  return result;
}

/**
 * Asserts the contract of a quick fix: applying it removes the finding it was offered for,
 * and adds no finding of another rule except those listed in `allowNew`.
 */
export function assertFixResolves(
  files: Record<string, string>,
  finding: Finding,
  fix: Fix,
  allowNew: string[] = [],
  config: Partial<ClauseGuideConfig> = {},
): Record<string, string> {
  const before = analyzeFiles(files, config).findings;
  const fixed = applyFix(files, fix);
  const after = analyzeFiles(fixed, config).findings;
  assert.ok(
    !after.some((f) => f.rule === finding.rule && f.uri === finding.uri && f.message === finding.message),
    `after "${fix.title}" the ${finding.rule} finding is gone`,
  );
  const countBefore = (rule: string) => before.filter((f) => f.rule === rule).length;
  for (const f of after) {
    if (f.rule === finding.rule || allowNew.includes(f.rule)) continue;
    assert.ok(after.filter((g) => g.rule === f.rule).length <= countBefore(f.rule), `"${fix.title}" adds no new ${f.rule} finding: ${f.message}`);
  }
  return fixed;
}

/**
 * A config that runs only the named rules (and syntax-error, so a fix that breaks the file shows).
 * Minimal fixtures would otherwise fire every set-level rule (clause-uncovered lists ~60 clauses).
 */
export function onlyRules(...names: string[]): Partial<ClauseGuideConfig> {
  const keep = new Set([...names, 'syntax-error']);
  return { rules: Object.fromEntries(RULES.filter((rule) => !keep.has(rule.name)).map((rule) => [rule.name, 'off' as const])) };
}
