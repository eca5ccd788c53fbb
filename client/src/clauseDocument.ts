// A read-only view of one clause ("clause-guide:/5.3.1.md"), rendered by the server exactly as hover shows it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClauseMarkdownRequest } from '../../common/protocol';

export const CLAUSE_SCHEME = 'clause-guide';

export function clauseUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: CLAUSE_SCHEME, path: `/${id}.md` });
}

export class ClauseDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: LanguageClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const activeUri = vscode.window.activeTextEditor?.document.uri;
    const markdown = await this.client.sendRequest(ClauseMarkdownRequest, {
      id,
      uri: activeUri?.scheme === 'file' ? activeUri.toString() : undefined,
    });
    return markdown ?? `IEC 81001-5-1:2021 has no clause ${id}.`;
  }
}

export async function openClause(id: string): Promise<void> {
  const uri = clauseUri(id);
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri).then(undefined, async () => {
    // No Markdown preview (e.g. a minimal editor build): show the source instead.
    await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  });
}
