// "Clause Guide: Check Release Readiness": what blocks the release under §5.8 (open findings,
// activities without records, uncovered clauses).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReleaseReadinessRequest } from '../../common/protocol';
import { projectParams, projectUri } from './project';
import { ReportPanel } from './reportPanel';

export const CHECK_RELEASE_READINESS = 'clauseGuide.checkReleaseReadiness';

export function registerReleaseReadiness(client: LanguageClient, extensionUri: vscode.Uri): vscode.Disposable {
  let blocking: number | undefined;
  const panel = new ReportPanel(extensionUri, 'clauseGuide.releaseReadiness', 'Release Readiness', async () => {
    const readiness = await client.sendRequest(ReleaseReadinessRequest, projectParams());
    if (!readiness) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    blocking = readiness.blocking;
    return { markdown: readiness.markdown, root: readiness.root ? vscode.Uri.parse(readiness.root) : projectUri() };
  }, 'release-readiness.md');
  return vscode.Disposable.from(
    panel,
    vscode.commands.registerCommand(CHECK_RELEASE_READINESS, async () => {
      const markdown = await panel.show();
      return markdown === undefined ? undefined : { markdown, blocking };
    }),
  );
}
