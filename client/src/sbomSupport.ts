// "Clause Guide: Write SBOM Support Addendum": the FDA addendum of the product's SBOMs (level of
// support and end-of-support date per component) in a new editor, after adding an undecided entry
// for each component without support data to the SBOM's support sidecar (`<sbom>.support.yaml`).
// The server plans (the same plan as `clause-guide sbom-support`); the sidecar edits go through the
// editor as one undoable workspace edit, so unsaved text in an open sidecar is kept; a sidecar that
// had no unsaved changes is saved.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SbomSupportRequest, type SbomSupportParams, type SbomSupportResult } from '../../common/protocol';
import { showExportedText, type ExportedFormat } from './exportedText';
import { projectParams } from './project';
import { explainSbomSupportNeedsTrust } from './workspaceTrust';

export const WRITE_SBOM_SUPPORT = 'clauseGuide.writeSbomSupport';
const ATTEMPTS = 3;

const FORMATS: (vscode.QuickPickItem & ExportedFormat)[] = [
  { label: 'Markdown', description: 'for the submission or the repository', format: 'md', extension: 'md' },
  { label: 'CSV', description: 'for a spreadsheet', format: 'csv', extension: 'csv' },
];

export interface SbomSupportOutcome {
  /** The purls that got an undecided sidecar entry. */
  added: string[];
  addendum: string;
  /** The editor the addendum was opened in. */
  uri: string;
}

export function registerSbomSupport(client: LanguageClient): vscode.Disposable {
  /** `format` may be given (by a test or a keybinding) to skip the quick pick. */
  return vscode.commands.registerCommand(WRITE_SBOM_SUPPORT, async (format?: SbomSupportParams['format']): Promise<SbomSupportOutcome | undefined> => {
    try {
      if (!vscode.workspace.isTrusted) {
        void explainSbomSupportNeedsTrust();
        return undefined;
      }
      const choice = FORMATS.find((item) => item.format === format) ?? (await vscode.window.showQuickPick(FORMATS, { title: 'SBOM support addendum as' }));
      if (!choice) return undefined;
      const result = await applySidecarPlan(client, choice.format);
      if (!result) return undefined;
      for (const problem of result.problems) void vscode.window.showWarningMessage(`Clause Guide: ${problem}`);
      if (result.added.length) {
        const entries = `${result.added.length} undecided ${result.added.length === 1 ? 'entry' : 'entries'}`;
        void vscode.window.showInformationMessage(`Added ${entries} to the support sidecar: fill in support_level and end_of_support from each supplier.`);
      }
      const document = await showExportedText(result.addendum!, choice, 'SBOM support addendum', 'sbom-support-addendum');
      return { added: result.added, addendum: result.addendum!, uri: document.uri.toString() };
    } catch (error) {
      void vscode.window.showErrorMessage(`Clause Guide: ${(error as Error).message}`);
      return undefined;
    }
  });
}

/** Asks for the plan and applies its sidecar edits; plans again when a sidecar changed in the editor meanwhile. */
async function applySidecarPlan(client: LanguageClient, format: SbomSupportParams['format']): Promise<SbomSupportResult | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The server plans against the text it has; remember what the editor had when it asked.
    const versions = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document.version]));
    const result = await client.sendRequest(SbomSupportRequest, { ...projectParams(), format });
    if (!result) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    if (result.addendum === null) {
      void vscode.window.showInformationMessage('Clause Guide: no SBOM found (bom.json, *.cdx.json, *.cdx.xml, *.spdx.json, or a JSON/XML file your include takes in).');
      return undefined;
    }
    const edit = new vscode.WorkspaceEdit();
    const toSave: vscode.TextDocument[] = [];
    let stale = false;
    for (const change of result.edits) {
      const uri = vscode.Uri.parse(change.uri);
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      if (change.create) {
        edit.createFile(uri, { contents: new TextEncoder().encode(change.text ?? ''), ignoreIfExists: false });
        continue;
      }
      if (!open || versions.get(uri.toString()) !== open.version) {
        // Planned against the file on disk, or the user typed meanwhile: open it and plan against what the editor shows.
        await vscode.workspace.openTextDocument(uri);
        stale = true;
        continue;
      }
      if (!open.isDirty) toSave.push(open);
      for (const textEdit of change.edits ?? []) {
        const { start, end } = textEdit.range;
        edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), textEdit.newText);
      }
    }
    if (stale) continue;
    if (result.edits.length && !(await vscode.workspace.applyEdit(edit))) throw new Error('Could not update the support sidecar.');
    for (const document of toSave) await document.save();
    return result;
  }
  throw new Error('The support sidecar kept changing while the update was computed; run the command again.');
}
