// Commands the Getting Started walkthrough links to. "New Security Requirements File" is also a
// palette command: a new, unsaved YAML document filled from the security-requirements snippet.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { explainTailoringNeedsTrust } from './workspaceTrust';

export const NEW_SECURITY_REQUIREMENTS = 'clauseGuide.newSecurityRequirements';
export const SHOW_QUICK_FIXES = 'clauseGuide.walkthrough.showQuickFixes';
/** Stands in for Generate Tailoring Record in Restricted Mode (menus, palette, walkthrough). */
export const TAILORING_NEEDS_TRUST = 'clauseGuide.generateTailoringRecordRequiresTrust';
/** The snippet's name in snippets/yaml.code-snippets. */
const REQUIREMENTS_SNIPPET = 'Security requirements (IEC 81001-5-1 §5.2.1)';
/** The source the language server gives its diagnostics (server/src/lsp/convert.ts). */
const DIAGNOSTIC_SOURCE = 'clause-guide';
const FILE_NAME = 'security-requirements.yaml';

export function registerWalkthrough(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(NEW_SECURITY_REQUIREMENTS, async () => {
      // An untitled document takes its first line as the name it suggests on save, which here
      // is "kind: security-requirements". An untitled URI with a path names the file instead.
      const document = await vscode.workspace.openTextDocument(untitledRequirementsUri());
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: REQUIREMENTS_SNIPPET });
      return editor.document.uri.toString();
    }),
    vscode.commands.registerCommand('clauseGuide.walkthrough.openProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
    // From the walkthrough, the Welcome page has the focus and editor.action.quickFix has no
    // editor to act on. Go to a Clause Guide finding first, then ask for its fixes there.
    vscode.commands.registerCommand(SHOW_QUICK_FIXES, async () => {
      const target = findingToFix();
      if (!target) {
        void vscode.window.showInformationMessage('Clause Guide has no finding to fix right now. Open a security document with an underlined finding, or write one: a requirement that names an undefined threat such as TH-999.');
        return undefined;
      }
      const editor = await vscode.window.showTextDocument(target.uri, { preview: false, selection: new vscode.Range(target.range.start, target.range.start) });
      editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      // editor.action.quickFix acts on the focused editor with the actions known at that moment:
      // asked at once, it sometimes found the Welcome page still focused or no answer yet, and
      // showed nothing. Ask the language server for the fixes here first, and focus the editor.
      await vscode.commands.executeCommand('vscode.executeCodeActionProvider', target.uri, target.range, vscode.CodeActionKind.QuickFix.value);
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await vscode.commands.executeCommand('editor.action.quickFix');
      return { uri: target.uri.toString(), line: target.range.start.line };
    }),
    vscode.commands.registerCommand(TAILORING_NEEDS_TRUST, explainTailoringNeedsTrust),
  );
}

/** security-requirements.yaml (or -2, -3 … if taken) in the first workspace folder, not yet saved. */
function untitledRequirementsUri(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => candidate.uri.scheme === 'file');
  if (!folder) return vscode.Uri.from({ scheme: 'untitled', path: FILE_NAME });
  const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.path));
  for (let n = 1; ; n++) {
    const name = n === 1 ? FILE_NAME : FILE_NAME.replace(/\.yaml$/, `-${n}.yaml`);
    const file = path.join(folder.uri.fsPath, name);
    const uri = vscode.Uri.file(file);
    if (!existsSync(file) && !open.has(uri.path)) return uri.with({ scheme: 'untitled' });
  }
}

function existsSync(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The first Clause Guide finding in a visible editor, else in any document. */
function findingToFix(): { uri: vscode.Uri; range: vscode.Range } | undefined {
  const ours = (diagnostic: vscode.Diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE;
  const visible = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].filter((editor): editor is vscode.TextEditor => !!editor);
  for (const editor of visible) {
    const diagnostic = vscode.languages.getDiagnostics(editor.document.uri).find(ours);
    if (diagnostic) return { uri: editor.document.uri, range: diagnostic.range };
  }
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const diagnostic = diagnostics.find(ours);
    if (diagnostic) return { uri, range: diagnostic.range };
  }
  return undefined;
}
