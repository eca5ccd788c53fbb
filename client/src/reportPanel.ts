// A Markdown report (coverage, release readiness) shown rendered in a webview. The built-in
// Markdown extension renders it (`markdown.api.render`); links open the evidence in an editor
// (they are relative to the project root, with `#L<line>`), and the toolbar refreshes the report,
// saves it as Markdown, exports the whole audit package, or opens its Markdown source. Every report
// opens in the one report group (reportColumn.ts).
import * as vscode from 'vscode';
import { EXPORT_AUDIT_PACKAGE } from './auditPackage';
import { openReportLink } from './locations';
import { reportColumn, trackReportPanel } from './reportColumn';
import { escapeHtml, renderPage, webviewOptions } from './webviewHtml';

export interface Report {
  markdown: string;
  /** The project root the report's relative links point into. */
  root?: vscode.Uri;
}

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: Report | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly viewType: string,
    private readonly title: string,
    /** Fetches the report anew (Refresh); undefined when there is nothing to report on. */
    private readonly load: () => Promise<Report | undefined>,
    /** The file name Save offers, in the project root. */
    private readonly fileName: string,
  ) {}

  /** Loads the report and shows it (reusing the panel if it is open). Returns the Markdown shown. */
  async show(): Promise<string | undefined> {
    const report = await this.load();
    if (!report) return undefined;
    this.report = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(this.viewType, this.title, { viewColumn: reportColumn(), preserveFocus: false }, webviewOptions(this.extensionUri));
      trackReportPanel(this.panel);
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'clause-guide.svg');
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((message) => this.onMessage(message));
    } else {
      this.panel.reveal(undefined, false);
    }
    this.panel.webview.html = renderPage(this.panel.webview, this.extensionUri, {
      title: this.title,
      actions: [
        { action: 'refresh', label: 'Refresh', title: 'Compute the report again' },
        { action: 'save', label: 'Save…', title: 'Save this report as a Markdown file' },
        { action: 'export', label: 'Export Audit Package…', title: 'Save the whole audit report (HTML, Word or Markdown) next to the security file' },
        { action: 'source', label: 'Open Markdown', title: 'Open the report as Markdown (to save or paste into your records)' },
      ],
      body: `<article class="markdown-body">${await renderMarkdown(report.markdown)}</article>`,
      scripts: ['media/report.js'],
    });
    return report.markdown;
  }

  private async onMessage(message: { type?: string; href?: string }): Promise<void> {
    try {
      if (message.type === 'open' && typeof message.href === 'string') await openReportLink(message.href, this.report?.root);
      else if (message.type === 'refresh') await this.show();
      else if (message.type === 'save' && this.report) await this.save(this.report);
      else if (message.type === 'export') await vscode.commands.executeCommand(EXPORT_AUDIT_PACKAGE);
      else if (message.type === 'source' && this.report) {
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: this.report.markdown });
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active });
      }
    } catch (error) {
      void vscode.window.showWarningMessage(`Clause Guide: ${(error as Error).message}`);
    }
  }

  /** Save: asks where (the project root by default) and writes the Markdown shown. Returns the file, or undefined when cancelled. */
  async save(report = this.report, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!report) return undefined;
    const base = report.root ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const file =
      target ??
      (await vscode.window.showSaveDialog({ title: `Save ${this.title}`, defaultUri: base ? vscode.Uri.joinPath(base, this.fileName) : undefined, filters: { Markdown: ['md'] } }));
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, Buffer.from(report.markdown, 'utf8'));
    void vscode.window.setStatusBarMessage(`Saved ${vscode.workspace.asRelativePath(file)}`, 4000);
    return file;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

async function renderMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // The built-in Markdown extension is disabled: show the source, still readable.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}
