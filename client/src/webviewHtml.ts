// The frame every Clause Guide webview shares: a strict Content-Security-Policy (scripts only with
// this page's nonce, nothing from the network), the shared stylesheet, and a toolbar.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  title: string;
  /** Toolbar buttons: `data-action` values the page script posts back. */
  actions: { action: string; label: string; title: string }[];
  body: string;
  /** Scripts, as paths relative to the extension root. */
  scripts: string[];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export function renderPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (relative: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...relative.split('/'))).toString();
  // The views set sizes through element.style (zoom, fit); 'unsafe-inline' is for styles only, never scripts.
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const buttons = page.actions
    .map((button) => `<button type="button" data-action="${escapeHtml(button.action)}" title="${escapeHtml(button.title)}">${escapeHtml(button.label)}</button>`)
    .join('');
  const scripts = page.scripts.map((script) => `<script nonce="${nonce}" src="${asset(script)}"></script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('media/webview.css')}">
<title>${escapeHtml(page.title)}</title>
</head>
<body>
<nav class="toolbar">${buttons}</nav>
<main>${page.body}</main>
${scripts}
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON for a `<script type="application/json">` block: `<` escaped so no text can close the element. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
