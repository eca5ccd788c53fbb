// "Clause Guide: Export Traceability": the requirement → threat → control → verification matrix as
// CSV or Markdown in a new editor; saving it is the user's choice (a save dialog, nothing written
// unasked).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportTraceabilityRequest, type ExportTraceabilityParams } from '../../common/protocol';
import { showExportedText, type ExportedFormat } from './exportedText';
import { projectParams } from './project';

export const EXPORT_TRACEABILITY = 'clauseGuide.exportTraceability';

interface FormatItem extends vscode.QuickPickItem, ExportedFormat {
  format: ExportTraceabilityParams['format'];
}

const FORMATS: FormatItem[] = [
  { label: 'CSV', description: 'for a spreadsheet', format: 'csv', extension: 'csv' },
  { label: 'Markdown', description: 'a table for your records or a pull request', format: 'md', extension: 'md' },
];

export function registerTraceabilityExport(client: LanguageClient): vscode.Disposable {
  /** `format` may be given (by a test or another command) to skip the quick pick. */
  return vscode.commands.registerCommand(EXPORT_TRACEABILITY, async (format?: ExportTraceabilityParams['format']) => {
    const choice = FORMATS.find((item) => item.format === format) ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Export traceability as' }));
    if (!choice) return undefined;
    const content = await client.sendRequest(ExportTraceabilityRequest, { ...projectParams(), format: choice.format });
    if (content === null) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    const document = await showExportedText(content, choice, 'Traceability matrix', 'traceability');
    return { format: choice.format, content, uri: document.uri.toString() };
  });
}
