// Where reports open: every report (coverage, release readiness, architecture) shares ONE editor
// group beside the text. The first report opens beside the active editor; the next ones open in the
// group a report is already in, so a narrow window never fills up with report columns.
import * as vscode from 'vscode';

const open = new Set<vscode.WebviewPanel>();

/** The column for a report that is about to be shown: the group of an open report, else beside the active editor. */
export function reportColumn(): vscode.ViewColumn {
  for (const panel of open) if (panel.viewColumn !== undefined) return panel.viewColumn;
  return vscode.ViewColumn.Beside;
}

/** Remembers a report panel while it is open. */
export function trackReportPanel(panel: vscode.WebviewPanel): void {
  open.add(panel);
  panel.onDidDispose(() => open.delete(panel));
}
