// "Clause Guide: Export Traceability": the requirement → threat → control → verification matrix as
// CSV or Markdown in a new editor; saving it is the user's choice (a save dialog, nothing written
// unasked).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportTraceabilityRequest, type ExportTraceabilityParams } from '../../common/protocol';
import { projectParams, projectUri } from './project';

export const EXPORT_TRACEABILITY = 'clauseGuide.exportTraceability';

interface FormatItem extends vscode.QuickPickItem {
  format: ExportTraceabilityParams['format'];
  extension: string;
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
    const language = choice.format === 'md' ? 'markdown' : (await vscode.languages.getLanguages()).includes('csv') ? 'csv' : 'plaintext';
    const document = await vscode.workspace.openTextDocument({ language, content });
    await vscode.window.showTextDocument(document, { preview: false });
    void offerSave(document, choice);
    return { format: choice.format, content, uri: document.uri.toString() };
  });
}

async function offerSave(document: vscode.TextDocument, choice: FormatItem): Promise<void> {
  const answer = await vscode.window.showInformationMessage(`Traceability matrix exported as ${choice.label}.`, 'Save As…');
  if (answer !== 'Save As…' || document.isClosed) return;
  const folder = projectUri();
  const base = folder && vscode.workspace.getWorkspaceFolder(folder)?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: base ? vscode.Uri.joinPath(base, `traceability.${choice.extension}`) : undefined,
    filters: { [choice.label]: [choice.extension] },
  });
  if (!target) return;
  // The editor's current text: the user may have edited the export before saving it.
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(document.getText()));
  await vscode.window.showTextDocument(target);
}
