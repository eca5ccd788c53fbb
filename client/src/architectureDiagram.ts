// "Clause Guide: Show Architecture Diagram": zones, trust boundaries with their controls, controls
// by layer (also those on no boundary), the threats they mitigate, gaps and a legend. The server
// draws the SVG (engine/reports/diagramSvg.ts, the same drawing as the audit report), so the view
// needs no browser-side renderer; the webview adds zoom and fit, and the toolbar exports SVG or PNG
// (the PNG is drawn from the SVG by the webview's canvas) and copies or opens the Mermaid source.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ArchitectureDiagramRequest } from '../../common/protocol';
import { projectParams, projectUri } from './project';
import { reportColumn, trackReportPanel } from './reportColumn';
import { jsonForHtml, renderPage, webviewOptions } from './webviewHtml';

export const SHOW_ARCHITECTURE_DIAGRAM = 'clauseGuide.showArchitectureDiagram';
const RENDER_TIMEOUT_MS = 15000;

export const EXPORT_ARCHITECTURE_SVG = 'clauseGuide.exportArchitectureSvg';
export const EXPORT_ARCHITECTURE_PNG = 'clauseGuide.exportArchitecturePng';

export interface DiagramOutcome {
  mermaid: string;
  svg: string;
  /** Whether the webview shows it (false: it reported an error, or no answer in time). */
  rendered: boolean;
  error?: string;
}

type RenderMessage = { type: 'rendered' } | { type: 'renderError'; message: string };
type PngMessage = { type: 'png'; dataUrl: string } | { type: 'pngError'; message: string };

export function registerArchitectureDiagram(client: LanguageClient, extensionUri: vscode.Uri): vscode.Disposable {
  let panel: vscode.WebviewPanel | undefined;
  let source = '';
  let svg = '';
  const renderWaiters: ((message: RenderMessage) => void)[] = [];
  const pngWaiters: ((message: PngMessage) => void)[] = [];

  /** The view's next 'rendered' (or error) message: sent each time its page loads. */
  const nextRender = () =>
    new Promise<RenderMessage>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'renderError', message: `No answer from the diagram view within ${RENDER_TIMEOUT_MS / 1000} s.` }), RENDER_TIMEOUT_MS);
      renderWaiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });

  const show = async (): Promise<DiagramOutcome | undefined> => {
    const diagram = await client.sendRequest(ArchitectureDiagramRequest, projectParams());
    if (!diagram) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    source = diagram.mermaid;
    svg = diagram.svg;
    if (!panel) {
      panel = vscode.window.createWebviewPanel('clauseGuide.architectureDiagram', 'Security Architecture', reportColumn(), webviewOptions(extensionUri));
      trackReportPanel(panel);
      panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'clause-guide.svg');
      panel.onDidDispose(() => {
        panel = undefined;
        renderWaiters.splice(0).forEach((wake) => wake({ type: 'renderError', message: 'The diagram was closed.' }));
        pngWaiters.splice(0).forEach((wake) => wake({ type: 'pngError', message: 'The diagram was closed.' }));
      });
      panel.webview.onDidReceiveMessage((message) => onMessage(message));
    } else {
      panel.reveal(undefined, false);
    }
    const rendered = nextRender();
    panel.webview.html = renderPage(panel.webview, extensionUri, {
      title: 'Security Architecture',
      actions: [
        { action: 'refresh', label: 'Refresh', title: 'Read the architecture again' },
        { action: 'zoomIn', label: 'Zoom In', title: 'Zoom in (Ctrl/Cmd + wheel also zooms)' },
        { action: 'zoomOut', label: 'Zoom Out', title: 'Zoom out' },
        { action: 'fit', label: 'Fit', title: 'Fit the whole diagram in the view' },
        { action: 'actual', label: '100%', title: 'Actual size' },
        { action: 'exportSvg', label: 'Export SVG…', title: 'Save the diagram as an SVG file' },
        { action: 'exportPng', label: 'Export PNG…', title: 'Save the diagram as a PNG image' },
        { action: 'copy', label: 'Copy Mermaid Source', title: 'Copy the zones and boundaries as Mermaid text' },
        { action: 'source', label: 'Open Mermaid Source', title: 'Open the Mermaid text in an editor' },
      ],
      // The SVG is the server's drawing: every label in it is escaped there (diagramSvg.ts).
      body: `<div id="diagram">${svg}</div>
<script type="application/json" id="mermaid-source">${jsonForHtml(source)}</script>`,
      scripts: ['media/diagram.js'],
    });
    const outcome = await rendered;
    return outcome.type === 'rendered' ? { mermaid: source, svg, rendered: true } : { mermaid: source, svg, rendered: false, error: outcome.message };
  };

  /** Asks where to save (beside the project by default) unless a target is given. */
  const target = async (given: vscode.Uri | string | undefined, extension: 'svg' | 'png'): Promise<vscode.Uri | undefined> => {
    if (given) return typeof given === 'string' ? vscode.Uri.file(given) : given;
    const folder = vscode.workspace.getWorkspaceFolder(projectUri() ?? vscode.Uri.file('/'))?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    return vscode.window.showSaveDialog({
      title: `Export the architecture diagram as ${extension.toUpperCase()}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, `security-architecture.${extension}`) : undefined,
      filters: { [extension.toUpperCase()]: [extension] },
    });
  };

  const exportSvg = async (given?: vscode.Uri | string): Promise<string | undefined> => {
    if (!svg) {
      const diagram = await client.sendRequest(ArchitectureDiagramRequest, projectParams());
      if (!diagram) return undefined;
      svg = diagram.svg;
    }
    const file = await target(given, 'svg');
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, 'utf8'));
    void vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(file)}`, 4000);
    return file.fsPath;
  };

  const exportPng = async (given?: vscode.Uri | string): Promise<string | undefined> => {
    if (!panel) await show();
    if (!panel) return undefined;
    if (!panel.visible) {
      // A hidden view has no page (retainContextWhenHidden is off, as the reports share one
      // group and the diagram is often behind another report): a message posted to it is dropped
      // and nothing answers. Showing it loads the page again; it says when it is drawn.
      const drawn = nextRender();
      panel.reveal(undefined, true);
      const outcome = await drawn;
      if (outcome.type === 'renderError') throw new Error(`the diagram could not be shown to draw the PNG: ${outcome.message}`);
    }
    const answer = new Promise<PngMessage>((resolve) => {
      const timer = setTimeout(() => resolve({ type: 'pngError', message: `No answer from the diagram view within ${RENDER_TIMEOUT_MS / 1000} s.` }), RENDER_TIMEOUT_MS);
      pngWaiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
    if (!(await panel.webview.postMessage({ type: 'makePng' }))) {
      pngWaiters.splice(0).forEach((wake) => wake({ type: 'pngError', message: 'the diagram view did not take the request' }));
    }
    const png = await answer;
    if (png.type === 'pngError') throw new Error(`the PNG could not be made: ${png.message}`);
    const file = await target(given, 'png');
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, Buffer.from(png.dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
    void vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(file)}`, 4000);
    return file.fsPath;
  };

  const onMessage = async (message: RenderMessage | PngMessage | { type: 'refresh' | 'copy' | 'source' | 'exportSvg' | 'exportPng' }) => {
    try {
      if (message.type === 'rendered' || message.type === 'renderError') {
        renderWaiters.splice(0).forEach((wake) => wake(message));
      } else if (message.type === 'png' || message.type === 'pngError') {
        pngWaiters.splice(0).forEach((wake) => wake(message));
      } else if (message.type === 'exportSvg') {
        await exportSvg();
      } else if (message.type === 'exportPng') {
        await exportPng();
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
    // A target path skips the save dialog (tests, tasks); the command returns the file written.
    vscode.commands.registerCommand(EXPORT_ARCHITECTURE_SVG, exportSvg),
    vscode.commands.registerCommand(EXPORT_ARCHITECTURE_PNG, async (given?: vscode.Uri | string) => {
      try {
        return await exportPng(given);
      } catch (error) {
        void vscode.window.showWarningMessage(`Clause Guide: ${(error as Error).message}`);
        return undefined;
      }
    }),
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
