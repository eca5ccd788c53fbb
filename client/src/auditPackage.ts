// "Clause Guide: Export Audit Package": the audit report of the current product (the same document
// as `clause-guide report`), saved next to its security file by the server (atomically, inside the
// project), then offered to open. HTML opens in the browser, Word in the system's Word processor,
// Markdown in the editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportAuditPackageRequest, type ExportAuditPackageParams } from '../../common/protocol';
import { projectParams } from './project';
import { explainAuditPackageNeedsTrust } from './workspaceTrust';

export const EXPORT_AUDIT_PACKAGE = 'clauseGuide.exportAuditPackage';

type Format = ExportAuditPackageParams['format'];

const FORMATS: (vscode.QuickPickItem & { format: Format })[] = [
  { label: 'HTML', description: 'one self-contained file; print it to PDF from a browser', format: 'html' },
  { label: 'Word (.docx)', description: 'editable, with headings, tables and the diagram', format: 'docx' },
  { label: 'Markdown', description: 'for the repository or a merge request', format: 'md' },
];

export interface ExportOptions {
  /** Skips the format question (tests, keybindings). */
  format?: Format;
  /** false: do not offer to open the file (tests). */
  offerToOpen?: boolean;
}

export function registerAuditPackage(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(EXPORT_AUDIT_PACKAGE, async (options?: ExportOptions): Promise<string | undefined> => {
    // Hidden in Restricted Mode, but a report's "Export Audit Package…" button runs it all the same.
    if (!vscode.workspace.isTrusted) {
      void explainAuditPackageNeedsTrust();
      return undefined;
    }
    const format = options?.format ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Export Audit Package', placeHolder: 'Format of the audit report' }))?.format;
    if (!format) return undefined;
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Clause Guide: writing the audit package…' }, () =>
      client.sendRequest(ExportAuditPackageRequest, { ...projectParams(), format }),
    );
    if (!result) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    if (!result.uri) {
      void vscode.window.showErrorMessage(`Clause Guide: the audit package was not written: ${result.problem ?? 'unknown reason'}`);
      return undefined;
    }
    const file = vscode.Uri.parse(result.uri);
    if (options?.offerToOpen !== false) void offerToOpen(file, format);
    return file.fsPath;
  });
}

async function offerToOpen(file: vscode.Uri, format: Format): Promise<void> {
  const open = await vscode.window.showInformationMessage(`Clause Guide: audit package saved to ${vscode.workspace.asRelativePath(file)}.`, 'Open', 'Reveal in Explorer');
  if (open === 'Open') {
    if (format === 'md') await vscode.window.showTextDocument(file, { preview: false });
    else await vscode.env.openExternal(file);
  } else if (open === 'Reveal in Explorer') {
    await vscode.commands.executeCommand('revealInExplorer', file);
  }
}
