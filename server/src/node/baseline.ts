// "Changed since the last authorized release": a release record names its baseline (`baseline:`,
// the git tag or commit of the previous authorized release, or its version when the tag is
// `v<version>`), and the host compares the project as it is now with the security file at that
// commit: read through git without a checkout (gitSnapshot.ts) and compared by the engine's
// diffSnapshots, as `clause-guide diff` does. The report embeds it as a section; the editor shows it.
import * as path from 'node:path';
import { diffSnapshots, fieldText, formatReleaseDiff, type Catalog, type ClauseCoverage, type Finding, type ReleaseDiff, type ReportTable, type SnapshotProject } from '../engine';
import { GitError, readSnapshot, repositoryRoot, resolveCommit } from './gitSnapshot';
import type { Project } from './projects';
import { filePathOf } from './uri';

export type BaselineComparison =
  | { baseline: string; commit: string; diff: ReleaseDiff; unread: string[] }
  /** The record names a baseline that could not be read: said, never taken for "nothing changed". */
  | { baseline: string; problem: string };

/** The `baseline` a release record of the project names (the first, in file order), if any. */
export function projectBaseline(project: Project): string | undefined {
  for (const record of project.index.documentsOfKind('release-record')) {
    const baseline = fieldText(record, 'baseline').trim();
    if (baseline) return baseline;
  }
  return undefined;
}

/** The project now against the security file at its baseline; undefined when no release record names one. */
export function compareWithBaseline(project: Project, current: { findings: Finding[]; coverage: ClauseCoverage[] }, catalog: Catalog): BaselineComparison | undefined {
  const baseline = projectBaseline(project);
  if (!baseline) return undefined;
  try {
    const repo = repositoryRoot(project.root);
    const commit = resolveBaseline(repo, baseline);
    const name = path.relative(repo, project.root).split(path.sep).join('/') || '.';
    const { snapshot, unread } = readSnapshot(repo, commit, baseline, [name], catalog);
    const now: SnapshotProject = {
      name,
      index: project.index,
      findings: current.findings,
      coverage: current.coverage,
      pathOf: (uri) => {
        try {
          return path.relative(repo, filePathOf(uri)).split(path.sep).join('/');
        } catch {
          return uri;
        }
      },
    };
    // Only this project: a project nested below it is its own comparison.
    const before = { ...snapshot, projects: snapshot.projects.filter((other) => other.name === name) };
    const diff = diffSnapshots(before, { label: 'now', projects: [now] });
    return { baseline, commit, diff, unread: unread.map((file) => `${file.file}: ${file.reason}`) };
  } catch (error) {
    if (error instanceof GitError) return { baseline, problem: error.message };
    throw error;
  }
}

/** The ref as written, else `v<ref>` (a version whose tag is `v2.2.0`). */
function resolveBaseline(repo: string, baseline: string): string {
  try {
    return resolveCommit(repo, baseline);
  } catch (error) {
    if (!(error instanceof GitError) || /^v/i.test(baseline)) throw error;
    try {
      return resolveCommit(repo, `v${baseline}`);
    } catch {
      throw error;
    }
  }
}

/** The comparison as a report section (every format renders ReportTable). */
export function baselineSection(comparison: BaselineComparison): ReportTable {
  const title = `Changed since the last authorized release (baseline ${comparison.baseline})`;
  if ('problem' in comparison) {
    return {
      id: 'baseline',
      title,
      intro: `The release record names the baseline ${comparison.baseline}, but it could not be read: ${comparison.problem}. What changed since then is unknown.`,
      columns: ['Change', 'What', 'Where', 'Detail'],
      rows: [{ cells: ['unknown', comparison.baseline, '', comparison.problem], gap: true }],
    };
  }
  const { diff } = comparison;
  const where = (item: { file: string; line: number }) => `${item.file}:${item.line}`;
  const rows: ReportTable['rows'] = [
    ...diff.added.map((item) => ({ cells: ['added', `${item.key} (${item.collection})`, where(item), ''] })),
    ...diff.removed.map((item) => ({ cells: ['removed', `${item.key} (${item.collection})`, where(item), 'in the baseline, not now'] })),
    ...diff.changed.map((item) => ({
      cells: ['changed', `${item.key} (${item.collection})`, where(item), item.fields.map((field) => `${field.field}: ${field.before ?? '(none)'} → ${field.after ?? '(none)'}`).join('; ')],
    })),
    ...diff.coverage.map((change) => ({ cells: ['coverage', `${change.clause} ${change.title}`, '', `${change.before ?? 'not applicable'} → ${change.after ?? 'not applicable'}`] })),
    ...diff.appeared.map((finding) => ({ cells: ['finding appeared', finding.rule, where(finding), finding.message], gap: finding.severity === 'error' })),
    ...diff.closed.map((finding) => ({ cells: ['finding closed', finding.rule, where(finding), finding.message] })),
  ];
  const unread = comparison.unread.length ? ` ${comparison.unread.length} file(s) of the baseline could not be read: ${comparison.unread.join('; ')}.` : '';
  return {
    id: 'baseline',
    title,
    intro: `The security file now, against commit ${comparison.commit.slice(0, 12)} (${comparison.baseline}).${rows.length ? '' : ' Nothing changed.'}${unread}`,
    columns: ['Change', 'What', 'Where', 'Detail'],
    rows,
  };
}

/** The comparison as Markdown, for the editor's release readiness pane. */
export function baselineMarkdown(comparison: BaselineComparison): string {
  const heading = `## Changed since the last authorized release (baseline ${comparison.baseline})`;
  if ('problem' in comparison) {
    return `${heading}\n\nThe release record names the baseline ${comparison.baseline}, but it could not be read: ${comparison.problem}. What changed since then is unknown.\n`;
  }
  const unread = comparison.unread.length ? `\n\n${comparison.unread.length} file(s) of the baseline could not be read: ${comparison.unread.join('; ')}.` : '';
  return `${heading}\n\nThe security file now, against commit ${comparison.commit.slice(0, 12)}.${unread}\n\n${formatReleaseDiff(comparison.diff, 'md')}\n`;
}
