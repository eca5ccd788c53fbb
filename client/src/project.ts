// Which product the user is working on: the last security document (YAML or Markdown) they had in
// an editor. Reports, views and the tailoring command answer for that document's project, so they
// stay on the same product while a report or a view has the focus.
import * as vscode from 'vscode';
import type { ProjectParams } from '../../common/protocol';

const DOCUMENT_SCHEMES = new Set(['file', 'untitled']);
const DOCUMENT_LANGUAGES = new Set(['yaml', 'markdown']);

let lastDocument: vscode.Uri | undefined;
const changed = new vscode.EventEmitter<void>();

/** Fires when the user moves to a security document of possibly another project. */
export const onDidChangeProjectDocument = changed.event;

export function trackProjectDocument(): vscode.Disposable {
  const remember = (editor: vscode.TextEditor | undefined) => {
    const document = editor?.document;
    if (!document || !DOCUMENT_SCHEMES.has(document.uri.scheme) || !DOCUMENT_LANGUAGES.has(document.languageId)) return;
    if (lastDocument?.toString() === document.uri.toString()) return;
    lastDocument = document.uri;
    changed.fire();
  };
  remember(vscode.window.activeTextEditor);
  return vscode.Disposable.from(vscode.window.onDidChangeActiveTextEditor(remember), changed);
}

/** The uri requests are answered for: the current security document, else the first workspace folder. */
export function projectUri(): vscode.Uri | undefined {
  return lastDocument ?? vscode.workspace.workspaceFolders?.[0]?.uri;
}

export function projectParams(): ProjectParams {
  const uri = projectUri();
  return uri ? { uri: uri.toString() } : {};
}
