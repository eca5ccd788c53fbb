// What the status-bar summary says: "$(shield) 12/66 · 3 blocking" = clauses covered by content or
// by a decided tailoring entry / clauses that apply, and findings that block the release; its
// tooltip (every status: covered · tailored · pending · claimed · missing) and its screen-reader label. Kept apart from statusBar.ts (no vscode import) so the words are unit-tested.
import type { SummaryDto } from '../../common/protocol';

/** "1 warning", "2 warnings". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function covered(summary: SummaryDto): { covered: number; total: number } {
  return { covered: summary.covered + summary.tailored, total: summary.covered + summary.tailored + summary.pending + summary.claimed + summary.missing };
}

export function statusBarText(summary: SummaryDto): string {
  const { covered: done, total } = covered(summary);
  const blocking = summary.blocking > 0 ? ` · ${summary.blocking} blocking` : '';
  return `$(shield) ${done}/${total}${blocking}`;
}

/** Markdown. */
export function statusBarTooltip(summary: SummaryDto): string {
  const { covered: done, total } = covered(summary);
  return [
    '**Clause Guide — IEC 81001-5-1**',
    '',
    `${done} of ${total} clauses covered: ${summary.covered} covered · ${summary.tailored} tailored · ${summary.pending} pending · ${summary.claimed} claimed · ${summary.missing} missing.`,
    '',
    `${count(summary.blocking, 'blocking finding')} · ${count(summary.errors, 'error')} · ${count(summary.warnings, 'warning')}`,
    '',
    'Click for the coverage report.',
  ].join('\n');
}

export function statusBarAccessibilityLabel(summary: SummaryDto): string {
  const { covered: done, total } = covered(summary);
  return `Clause Guide: ${done} of ${total} clauses covered, ${count(summary.blocking, 'blocking finding')}`;
}
