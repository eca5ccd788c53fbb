// The status-bar summary: "$(shield) 56/63 · 3 blocking" = clauses with evidence or a tailoring
// entry / clauses that apply, and findings that block the release. Click: the coverage report.
import * as vscode from 'vscode';
import type { SummaryDto } from '../../common/protocol';
import { SHOW_COVERAGE } from './coverageReport';
import type { Summaries } from './summaries';

export function statusBarText(summary: SummaryDto): string {
  const total = summary.covered + summary.tailored + summary.missing;
  const blocking = summary.blocking > 0 ? ` · ${summary.blocking} blocking` : '';
  return `$(shield) ${summary.covered + summary.tailored}/${total}${blocking}`;
}

export function registerStatusBar(summaries: Summaries): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('clauseGuide.summary', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Clause Guide';
  item.command = SHOW_COVERAGE;
  const update = () => {
    const summary = summaries.current();
    if (!summary) {
      item.hide();
      return;
    }
    const total = summary.covered + summary.tailored + summary.missing;
    item.text = statusBarText(summary);
    const tooltip = new vscode.MarkdownString(
      [
        '**Clause Guide — IEC 81001-5-1**',
        '',
        `${summary.covered + summary.tailored} of ${total} clauses covered (${summary.covered} with evidence, ${summary.tailored} tailored); ${summary.missing} missing.`,
        '',
        `${summary.blocking} finding${summary.blocking === 1 ? '' : 's'} block the release · ${summary.errors} error${summary.errors === 1 ? '' : 's'} · ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`,
        '',
        'Click for the coverage report.',
      ].join('\n'),
    );
    item.tooltip = tooltip;
    item.accessibilityInformation = {
      label: `Clause Guide: ${summary.covered + summary.tailored} of ${total} clauses covered, ${summary.blocking} blocking findings`,
    };
    item.show();
  };
  update();
  return vscode.Disposable.from(item, summaries.onDidChange(update));
}
