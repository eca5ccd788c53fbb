// "Clause Guide: Show Coverage": per clause covered / tailored / missing, with links to the evidence.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CoverageRequest } from '../../common/protocol';
import { projectParams } from './project';
import { ReportPanel } from './reportPanel';

export const SHOW_COVERAGE = 'clauseGuide.showCoverage';

export function registerCoverageReport(client: LanguageClient, extensionUri: vscode.Uri): vscode.Disposable {
  const panel = new ReportPanel(extensionUri, 'clauseGuide.coverageReport', 'Clause Coverage', async () => {
    const coverage = await client.sendRequest(CoverageRequest, projectParams());
    if (!coverage) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    return { markdown: coverage.markdown, root: vscode.Uri.parse(coverage.root) };
  }, 'coverage.md');
  // Returns the report's Markdown, so tests and other extensions can read what is shown.
  return vscode.Disposable.from(panel, vscode.commands.registerCommand(SHOW_COVERAGE, () => panel.show()));
}
