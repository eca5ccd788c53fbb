// The words of a clause's tooltip in the Clause Coverage view, as Markdown. Kept apart from
// coverageTree.ts (no vscode import) so the escaping is unit-tested: the clause title and the gaps
// come from the server and may quote documents, so they are shown as plain text (the escaper the
// server's hover uses), never as markup.
import { plainText } from '../../common/markdownText';
import type { CoverageEntryDto } from '../../common/protocol';

const STATUS_TEXT: Record<CoverageEntryDto['status'], string> = {
  covered: 'covered: content meets every evidence criterion',
  tailored: 'tailored: a decided, justified and approved tailoring entry',
  pending: 'pending: a tailoring entry that is not a decision yet',
  claimed: 'claimed: cited, but its evidence criteria are not all met',
  missing: 'missing: no evidence, no citation and no tailoring entry',
};

export function coverageTooltip(entry: Pick<CoverageEntryDto, 'id' | 'title' | 'status' | 'evidence' | 'gaps'>): string {
  const evidence = entry.evidence.length ? `\n\n${entry.evidence.length} piece${entry.evidence.length === 1 ? '' : 's'} of evidence; click to open the first.` : '';
  const gaps = entry.gaps.length ? `\n\nWhat is missing:\n${entry.gaps.map((gap) => `- ${plainText(gap)}`).join('\n')}` : '';
  return `**§${plainText(entry.id)} ${plainText(entry.title)}**\n\n${STATUS_TEXT[entry.status]}${evidence}${gaps}`;
}
