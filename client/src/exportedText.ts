// Text an export command made (a table, an addendum), shown in a new editor; saving it is the user's
// choice (a save dialog, nothing written unasked). Shared by the traceability export and the SBOM
// support addendum.
import * as vscode from 'vscode';
import { projectUri } from './project';

export interface ExportedFormat {
  /** 'CSV', 'Markdown'. */
  label: string;
  format: 'csv' | 'md';
  extension: string;
}

/** Opens the text in a new editor (Markdown, or CSV where a CSV language is installed) and offers to save it under `defaultName`. */
export async function showExportedText(content: string, choice: ExportedFormat, what: string, defaultName: string): Promise<vscode.TextDocument> {
  const language = choice.format === 'md' ? 'markdown' : (await vscode.languages.getLanguages()).includes('csv') ? 'csv' : 'plaintext';
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document, { preview: false });
  void offerSave(document, choice, what, defaultName);
  return document;
}

async function offerSave(document: vscode.TextDocument, choice: ExportedFormat, what: string, defaultName: string): Promise<void> {
  const answer = await vscode.window.showInformationMessage(`${what} exported as ${choice.label}.`, 'Save As…');
  if (answer !== 'Save As…' || document.isClosed) return;
  const folder = projectUri();
  const base = folder && vscode.workspace.getWorkspaceFolder(folder)?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: base ? vscode.Uri.joinPath(base, `${defaultName}.${choice.extension}`) : undefined,
    filters: { [choice.label]: [choice.extension] },
  });
  if (!target) return;
  // The editor's current text: the user may have edited the export before saving it.
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(document.getText()));
  await vscode.window.showTextDocument(target);
}
