// "Clause Guide: Generate Tailoring Record": asks the server for the update (an entry for every
// clause with neither evidence nor an entry), applies it as one undoable workspace edit, and opens
// the record. The edit goes through the editor's buffer, so unsaved text in an open record is kept;
// a record that had no unsaved changes is saved, one that had is left for the user to save.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GenerateTailoringRequest, type GenerateTailoringResult } from '../../common/protocol';
import { projectParams } from './project';
import { explainTailoringNeedsTrust } from './workspaceTrust';

export const GENERATE_TAILORING_RECORD = 'clauseGuide.generateTailoringRecord';
const ATTEMPTS = 3;

export interface TailoringOutcome {
  /** The record created or updated; undefined when nothing was added. */
  uri?: string;
  /** Clause ids that got a new entry. */
  added: string[];
}

export function registerTailoring(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(GENERATE_TAILORING_RECORD, async () => {
    try {
      return await generateTailoringRecord(client);
    } catch (error) {
      void vscode.window.showErrorMessage(`Clause Guide: ${(error as Error).message}`);
      return undefined;
    }
  });
}

async function generateTailoringRecord(client: LanguageClient): Promise<TailoringOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void explainTailoringNeedsTrust();
    return undefined;
  }
  const params = projectParams();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // The server plans against the text it has; remember what the editor had when it asked.
    const versions = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document.version]));
    const result: GenerateTailoringResult | null = await client.sendRequest(GenerateTailoringRequest, params);
    if (!result) {
      void vscode.window.showInformationMessage('Clause Guide: no security documents found in this workspace yet.');
      return undefined;
    }
    if (result.problem) {
      void vscode.window.showWarningMessage(`Clause Guide: ${result.problem}`);
      return { added: [] };
    }
    const [change] = result.edits;
    if (!change) {
      void vscode.window.showInformationMessage('Every applicable clause already has evidence or a tailoring entry: nothing to add.');
      return { added: [] };
    }
    const uri = vscode.Uri.parse(change.uri);

    if (change.create) {
      if (await exists(uri)) {
        // A file the server has not read (e.g. only open files are checked): open it so it is, and plan again.
        await vscode.workspace.openTextDocument(uri);
        continue;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { contents: new TextEncoder().encode(change.text ?? ''), ignoreIfExists: true });
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
      await vscode.window.showTextDocument(uri, { preview: false });
      return done(uri, result.added, true);
    }

    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    if (!document || versions.get(uri.toString()) !== document.version) {
      // Planned against the file on disk, or the user typed meanwhile: open it and plan against what the editor shows.
      await vscode.workspace.openTextDocument(uri);
      continue;
    }
    const wasDirty = document.isDirty;
    const edit = new vscode.WorkspaceEdit();
    for (const textEdit of change.edits ?? []) {
      const { start, end } = textEdit.range;
      edit.replace(uri, new vscode.Range(start.line, start.character, end.line, end.character), textEdit.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`Could not update ${vscode.workspace.asRelativePath(uri)}.`);
    if (!wasDirty) await document.save();
    const first = change.edits?.[0]?.range.start;
    const position = first ? new vscode.Position(first.line, first.character) : new vscode.Position(0, 0);
    await vscode.window.showTextDocument(document, { preview: false, selection: new vscode.Range(position, position) });
    return done(uri, result.added, false);
  }
  throw new Error('The tailoring record kept changing while the update was computed; run the command again.');
}

function done(uri: vscode.Uri, added: string[], created: boolean): TailoringOutcome {
  const entries = `${added.length} ${added.length === 1 ? 'entry' : 'entries'}`;
  const clauses = added.length > 6 ? `${added.slice(0, 6).join(', ')}…` : added.join(', ');
  const where = vscode.workspace.asRelativePath(uri);
  void vscode.window.showInformationMessage(
    `${created ? 'Created' : 'Updated'} ${where}: ${entries} added (${clauses}). Fill in each justification and approver.`,
  );
  return { uri: uri.toString(), added };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
