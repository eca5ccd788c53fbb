// The coverage report (SPEC §6 `clauseGuide.showCoverage`): every applicable clause, grouped by
// chapter, with its status (covered, tailored, pending, claimed, missing), where the evidence is,
// and what a clause that is not covered lacks. Status is a word, never only a colour or an emoji.
import { COVERAGE_STATUSES, coverageTotals, type ClauseCoverage, type CoverageLocation } from '../coverage';
import { linkTarget, plainText } from '../markdown';

/** Chapter headings: the official titles of the top-level clauses (a test keeps them equal to the catalog). */
export const CHAPTER_TITLES: Record<string, string> = {
  '4': 'General requirements',
  '5': 'Software development process',
  '6': 'Software maintenance process',
  '7': 'Security risk management process',
  '8': 'Software configuration management process',
  '9': 'Software problem resolution process',
  E: 'Documents specified in IEC 62443-4-1',
  F: 'Transitional health software',
};

/** Evidence links shown per clause; the rest are counted. */
const MAX_LINKS = 4;

/** The top-level chapter of a clause id: "5.3.1" → "5", "E.2.1" → "E". */
export function chapterOf(clauseId: string): string {
  return clauseId.split('.')[0];
}

export function coverageMarkdown(
  entries: ClauseCoverage[],
  relativePath: (uri: string) => string,
  linkFor?: (location: CoverageLocation) => string,
): string {
  const place = (location: CoverageLocation) => {
    const text = plainText(`${relativePath(location.uri)}:${location.range.start.line + 1}`);
    return linkFor ? `[${text}](${linkTarget(linkFor(location)).replace(/\|/g, '%7C')})` : text;
  };
  const where = (entry: ClauseCoverage): string => {
    if (entry.status === 'tailored' && entry.tailoring) return `tailored in ${place(entry.tailoring)}`;
    // Gaps may quote the documents (an approver's name, a decision): shown as text.
    if (entry.status === 'pending' && entry.tailoring) return `tailoring entry in ${place(entry.tailoring)} is not a decision yet: ${entry.gaps.map((gap) => plainText(gap.replace(/^tailoring entry: /, ''))).join('; ')}`;
    if (entry.status !== 'covered') {
      const cited = entry.citations.length ? ` Cited in ${entry.citations.slice(0, 2).map(place).join(', ')}.` : '';
      return `${entry.gaps.map(plainText).join(' ')}${cited}`;
    }
    const seen = new Set<string>();
    const unique = entry.evidence.filter((location) => {
      const key = `${location.uri}#${location.range.start.line}`;
      return !seen.has(key) && seen.add(key);
    });
    const shown = unique.slice(0, MAX_LINKS).map(place).join(', ');
    return unique.length > MAX_LINKS ? `${shown} and ${unique.length - MAX_LINKS} more` : shown;
  };

  const out = ['# Coverage of IEC 81001-5-1', '', `${totals(entries)} of ${entries.length} applicable clauses.`, ''];
  const chapters = [...new Set(entries.map((entry) => chapterOf(entry.clause.id)))].sort(byChapter);
  for (const chapter of chapters) {
    const rows = entries.filter((entry) => chapterOf(entry.clause.id) === chapter);
    const title = CHAPTER_TITLES[chapter];
    out.push(`## ${/^[A-Z]$/.test(chapter) ? `Annex ${chapter}` : `Clause ${chapter}`}${title ? ` — ${title}` : ''}`, '');
    out.push(`${totals(rows)}.`, '');
    out.push('| Status | Clause | Title | Evidence or what is missing |', '|---|---|---|---|');
    // Every part of a row is escaped where it is made (plainText escapes '|' too), so no cell ends early.
    for (const entry of rows) out.push(`| ${entry.status} | §${entry.clause.id} | ${plainText(entry.clause.title)} | ${where(entry)} |`);
    out.push('');
  }
  if (!entries.length) out.push('No applicable clauses.', '');
  return out.join('\n').trimEnd() + '\n';
}

function totals(entries: ClauseCoverage[]): string {
  const counts = coverageTotals(entries);
  return COVERAGE_STATUSES.map((status) => `${counts[status]} ${status}`).join(' · ');
}

/** Chapters 4…9 in number order, then the annex. */
function byChapter(a: string, b: string): number {
  const rank = (chapter: string) => (/^\d+$/.test(chapter) ? Number(chapter) : 1000 + chapter.charCodeAt(0));
  return rank(a) - rank(b);
}
