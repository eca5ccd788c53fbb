// "Clause Guide: Show Architecture Diagram": zones, trust boundaries and the controls at each
// boundary, drawn by Mermaid inside a webview. Mermaid's browser build ships in the extension
// (dist/media/mermaid.min.js), so the diagram renders offline; the toolbar copies or opens the
// Mermaid source (for docs, or a code host that renders Mermaid).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ArchitectureDiagramRequest } from '../../common/protocol';
import { projectParams } from './project';
import { jsonForHtml, renderPage, webviewOptions } from './webviewHtml';

export const SHOW_ARCHITECTURE_DIAGRAM = 'clauseGuide.showArchitectureDiagram';
const RENDER_TIMEOUT_MS = 15000;

export interface DiagramOutcome {
  mermaid: string;
  /** Whether Mermaid drew it in the webview (false: a syntax or rendering error, or no answer in time). */
  rendered: boolean;
  error?: string;
}

type RenderMessage = { type: 'rendered' } | { type: 'renderError'; message: string };

export function registerArchitectureDiagram(client: LanguageClient, extensionUri: vscode.Uri): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  let source = '';
  const renderWaiters: ((message: RenderMessage) => void)[] = [];

  const show = async (): Promise<DiagramOutcome | undefined> => {
    const diagram = await client.sendRequest(ArchitectureDiagramRequest, projectParams());
    if (!diagram) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    source = diagram.mermaid;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('clauseGuide.architectureDiagram', 'Security Architecture', vscode.ViewColumn.Beside, webviewOptions(extensionUri));
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'clause-guide.svg');
      panel.onDidDispose(() => {
        panel = undefined;
        renderWaiters.splice(0).forEach((wake) => wake({ type: 'renderError', message: 'The diagram was closed.' }));
      });
      panel.webview.onDidReceiveMessage((message) => onMessage(message));
    } else {
      panel.reveal(undefined, false);
    }
    const rendered = new Promise<RenderMessage>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'renderError', message: `No answer from the diagram view within ${RENDER_TIMEOUT_MS / 1000} s.` }), RENDER_TIMEOUT_MS);
      renderWaiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    panel.webview.html = renderPage(panel.webview, extensionUri, {
      title: 'Security Architecture',
      actions: [
        { action: 'refresh', label: 'Refresh', title: 'Read the architecture again' },
        { action: 'copy', label: 'Copy Mermaid Source', title: 'Copy the diagram as Mermaid text' },
        { action: 'source', label: 'Open Mermaid Source', title: 'Open the Mermaid text in an editor' },
      ],
      body: `<div id="diagram" class="status">Drawing the diagram…</div>
<script type="application/json" id="mermaid-source">${jsonForHtml(source)}</script>`,
      scripts: ['dist/media/mermaid.min.js', 'media/diagram.js'],
    });
    const outcome = await rendered;
    return outcome.type === 'rendered' ? { mermaid: source, rendered: true } : { mermaid: source, rendered: false, error: outcome.message };
  };

  const onMessage = async (message: RenderMessage | { type: 'refresh' | 'copy' | 'source' }) => {
    try {
      if (message.type === 'rendered' || message.type === 'renderError') {
        renderWaiters.splice(0).forEach((wake) => wake(message));
      } else if (message.type === 'refresh') {
        await show();
      } else if (message.type === 'copy') {
        await vscode.env.clipboard.writeText(source);
        void vscode.window.setStatusBarMessage('Mermaid source copied', 3000);
      } else if (message.type === 'source') {
        await openSource(source);
      }
    } catch (error) {
      void vscode.window.showWarningMessage(`Clause Guide: ${(error as Error).message}`);
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_ARCHITECTURE_DIAGRAM, show),
    vscode.commands.registerCommand('clauseGuide.openArchitectureMermaid', async () => {
      const diagram = await client.sendRequest(ArchitectureDiagramRequest, projectParams());
      if (diagram) await openSource(diagram.mermaid);
    }),
    { dispose: () => panel?.dispose() },
  );
}

/** A Markdown document with a `mermaid` fence: ready to paste into docs that render Mermaid. */
async function openSource(mermaid: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '```mermaid\n' + mermaid.trimEnd() + '\n```\n' });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active, preview: false });
}
