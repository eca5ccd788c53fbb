// The status-bar summary (words in statusBarWords.ts). Click: the coverage report.
import * as vscode from 'vscode';
import { SHOW_COVERAGE } from './coverageReport';
import type { Summaries } from './summaries';
import { statusBarAccessibilityLabel, statusBarText, statusBarTooltip } from './statusBarWords';

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
    item.text = statusBarText(summary);
    item.tooltip = new vscode.MarkdownString(statusBarTooltip(summary));
    item.accessibilityInformation = { label: statusBarAccessibilityLabel(summary) };
    item.show();
  };
  update();
  return vscode.Disposable.from(item, summaries.onDidChange(update));
}
