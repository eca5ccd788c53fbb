// Commands the Getting Started walkthrough links to. "New Security Requirements File" is also a
// palette command: a new, unsaved YAML document filled from the security-requirements snippet.
import * as vscode from 'vscode';

export const NEW_SECURITY_REQUIREMENTS = 'clauseGuide.newSecurityRequirements';
/** The snippet's name in snippets/yaml.code-snippets. */
const REQUIREMENTS_SNIPPET = 'Security requirements (IEC 81001-5-1 §5.2.1)';

export function registerWalkthrough(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(NEW_SECURITY_REQUIREMENTS, async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'yaml', content: '' });
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: REQUIREMENTS_SNIPPET });
      return editor.document.uri.toString();
    }),
    vscode.commands.registerCommand('clauseGuide.walkthrough.openProblems', () => vscode.commands.executeCommand('workbench.actions.view.problems')),
  );
}
