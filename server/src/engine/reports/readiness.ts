// Release readiness (SPEC §6 `clauseGuide.checkReleaseReadiness`): what stands between each release
// record and an authorized release under §5.8, taken from the findings the analyzer already
// produced (so configuration and suppressions apply exactly as in the Problems view and the CLI).
// Blocking: every open finding (§5.8.5), and every error of the other release, vulnerability and
// tailoring rules (vulnerability-unassessed is an error once a release is authorized).
import { fieldText, type ModelDocument } from '../model';
import type { Finding, SuppressedFinding } from '../types';
import type { WorkspaceIndex } from '../workspace';

export interface ReleaseReadiness {
  markdown: string;
  blocking: number;
}

interface Section {
  title: string;
  rules: string[];
  /** Whether the section's findings belong to one release record (else to the whole project). */
  perRelease: boolean;
}

const SECTIONS: Section[] = [
  { title: 'Open findings (§5.8.5)', rules: ['release-open-finding'], perRelease: true },
  { title: 'Activities marked done without a record (§5.8.6)', rules: ['release-activity-record-missing'], perRelease: true },
  { title: 'Missing activities (§5.8.6)', rules: ['release-activity-missing'], perRelease: true },
  { title: 'Known vulnerabilities not assessed (§5.8.5, §9.3)', rules: ['vulnerability-unassessed', 'vex-justification-missing'], perRelease: false },
  {
    title: 'Tailoring entries that are no decision yet (§5.1.1)',
    rules: ['tailoring-justification-missing', 'tailoring-approval-missing', 'tailoring-deferral-due-missing', 'tailoring-deferral-overdue'],
    perRelease: false,
  },
  { title: 'Security requirements whose tests fail (§5.7.1)', rules: ['verification-failed'], perRelease: false },
  { title: 'Clauses not covered (missing, claimed or pending)', rules: ['clause-uncovered'], perRelease: false },
];

const BLOCKING_WHILE_PENDING = new Set(['release-open-finding', 'vulnerability-unassessed']);

/**
 * `suppressed` are the findings suppression comments hid (Analyzer.suppressedFindings): they block
 * nothing, but an auditor sees each with its reason, so an accepted open finding is never silent.
 */
export function releaseReadiness(
  workspace: WorkspaceIndex,
  findingsByUri: Map<string, Finding[]>,
  relativePath: (uri: string) => string,
  suppressed: readonly SuppressedFinding[] = [],
): ReleaseReadiness {
  const sectionFindings = findingsOfSections(findingsByUri);
  const blockingFindings = new Set<Finding>();
  // An open finding and an unassessed vulnerability are warnings while the release is pending, yet authorizing it would make them errors: they block.
  const isBlocking = (finding: Finding) => BLOCKING_WHILE_PENDING.has(finding.rule) || finding.severity === 'error';
  const records = workspace.documentsOfKind('release-record');
  const out = ['# Release readiness (IEC 81001-5-1 §5.8)', ''];

  const render = (sections: Section[], record: ModelDocument | undefined): { lines: string[]; blocking: number } => {
    const lines: string[] = [];
    let blocking = 0;
    for (const section of sections) {
      const findings = (sectionFindings.get(section) ?? []).filter((finding) => !section.perRelease || finding.uri === record?.uri);
      if (!findings.length) continue;
      lines.push(`### ${section.title}`, '');
      for (const finding of findings) {
        const blocks = isBlocking(finding);
        if (blocks) {
          blocking++;
          blockingFindings.add(finding);
        }
        lines.push(`- ${blocks ? '❌' : '⚠️'} \`${relativePath(finding.uri)}:${finding.range.start.line + 1}\` ${summary(finding)}`);
      }
      lines.push('');
    }
    return { lines, blocking };
  };
  // Tailoring and coverage gaps hold up every release of the project: counted in each verdict, listed once.
  const project = render(SECTIONS.filter((section) => !section.perRelease), undefined);
  const projectPart = project.lines.length ? ['## Whole project (holds up every release)', '', ...project.lines] : [];
  const where = (uri: string, line: number) => `\`${relativePath(uri)}:${line + 1}\``;
  const suppressedPart = suppressed.length
    ? [
        '## Suppressed findings (accepted with a reason; they block nothing)',
        '',
        ...suppressed.map(({ finding, reason }) => `- 🔕 ${where(finding.uri, finding.range.start.line)} \`${finding.rule}\`: ${finding.message} — **reason:** ${reason || '*none given (suppression-without-reason)*'}`),
        '',
      ]
    : [];
  /** The activities a release record marks done, with their records (a record the gate rejects says so). */
  const completed = (record: ModelDocument): string[] => {
    const rejected = new Set((findingsByUri.get(record.uri) ?? []).filter((finding) => finding.rule === 'release-activity-record-missing').map((finding) => finding.range.start.line));
    const lines = (record.collections.activities?.items ?? [])
      .filter((activity) => fieldText(activity, 'status').trim().toLowerCase() === 'done')
      .map((activity) => {
        const clause = fieldText(activity, 'clause').trim() || '(no clause)';
        const written = fieldText(activity, 'record').trim();
        const recordLine = activity.fields.record?.scalar?.range.start.line;
        const bad = rejected.has(activity.anchor.start.line) || (recordLine !== undefined && rejected.has(recordLine)) || !written;
        return `- ${bad ? '⚠️' : '✅'} §${clause.replace(/^§\s*/, '')} — ${written ? `record \`${written}\`` : 'no record'}${bad ? ' (not a real record: see above)' : ''} ${where(record.uri, activity.anchor.start.line)}`;
      });
    return lines.length ? ['### Completed activities and their records (§5.8.6)', '', ...lines, ''] : [];
  };

  if (!records.length) {
    out.push('**No release record: the release cannot be authorized.** Add a `kind: release-record` document with the release, its decision, open findings and completed activities (§5.8.1).', '');
    return { markdown: [...out, ...projectPart, ...suppressedPart].join('\n').trimEnd() + '\n', blocking: blockingFindings.size + 1 };
  }
  for (const record of records) {
    const release = fieldText(record, 'release').trim();
    const decision = fieldText(record, 'decision').trim() || 'not stated';
    const own = render(SECTIONS.filter((section) => section.perRelease), record);
    const blocking = own.blocking + project.blocking;
    const name = release ? `release ${release}` : 'this release';
    out.push(`## ${release ? `Release ${release}` : relativePath(record.uri)} — decision: ${decision}`, '');
    out.push(blocking ? `**${blocking} ${blocking === 1 ? 'item blocks' : 'items block'} ${name}.**` : `**Ready to release${release ? ` ${release}` : ''}.**`, '');
    if (!own.lines.length) out.push('No open findings, no activity without a record, no missing activity.', '');
    out.push(...own.lines, ...completed(record));
  }
  return { markdown: [...out, ...projectPart, ...suppressedPart].join('\n').trimEnd() + '\n', blocking: blockingFindings.size };
}

/**
 * Whether a finding blocks a release, and whose: 'project' for a finding that holds up every
 * release of the project, 'release' for one that blocks the release record it is on (and only when
 * it is on one), undefined for one that blocks nothing. `releaseReadiness` counts the blocking
 * findings this way; the status bar's summary counts them per file with it.
 */
export function blockingScope(finding: Finding): 'project' | 'release' | undefined {
  const section = SECTION_OF_RULE.get(finding.rule);
  if (!section || !(BLOCKING_WHILE_PENDING.has(finding.rule) || finding.severity === 'error')) return undefined;
  return section.perRelease ? 'release' : 'project';
}

const SECTION_OF_RULE = new Map(SECTIONS.flatMap((section) => section.rules.map((rule) => [rule, section] as const)));

/**
 * The findings of each section, in one pass over the project's findings: the status bar asks for
 * the verdict after every analysis, and a product line holds a release record per product and
 * tens of thousands of findings, so each record must not walk them all again.
 */
function findingsOfSections(findingsByUri: Map<string, Finding[]>): Map<Section, Finding[]> {
  const sectionOfRule = new Map<string, Section>();
  for (const section of SECTIONS) for (const rule of section.rules) sectionOfRule.set(rule, section);
  const bySection = new Map<Section, Finding[]>();
  for (const findings of findingsByUri.values()) {
    for (const finding of findings) {
      const section = sectionOfRule.get(finding.rule);
      if (!section) continue;
      const list = bySection.get(section);
      if (list) list.push(finding);
      else bySection.set(section, [finding]);
    }
  }
  return bySection;
}

/** What to say about a finding: for coverage the first sentence (the counts and the clauses) is enough. */
function summary(finding: Finding): string {
  if (finding.rule !== 'clause-uncovered') return finding.message;
  return /^.*?\.(?=\s+[A-Z`]|$)/.exec(finding.message)?.[0] ?? finding.message;
}
