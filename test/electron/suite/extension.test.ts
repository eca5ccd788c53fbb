import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'clause-guide.clause-guide';

function workspaceFile(name: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
}

/** Waits for diagnostics on `uri` that satisfy `accept`, on the diagnostics event, with a bounded wait. */
function diagnosticsFor(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean, timeoutMs = 15000) {
  return new Promise<readonly vscode.Diagnostic[]>((resolve, reject) => {
    const current = vscode.languages.getDiagnostics(uri);
    if (accept(current)) return resolve(current);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no matching diagnostics for ${uri.toString()}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (accept(diagnostics)) {
        clearTimeout(timer);
        listener.dispose();
        resolve(diagnostics);
      }
    });
  });
}

describe('Clause Guide in VS Code', () => {
  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it('activates and registers Find Clause', async () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
    assert.ok((await vscode.commands.getCommands(true)).includes('clauseGuide.findClause'));
  });

  it('hovers §5.2.1 in Markdown with the clause title', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('notes.md'));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('§5.2.1');
    assert.ok(offset >= 0);
    let text = '';
    // The server may still be starting: ask again until it answers (bounded).
    for (let attempt = 0; attempt < 50 && !text.includes('5.2.1'); attempt++) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, document.positionAt(offset + 2));
      text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      if (!text.includes('5.2.1')) await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(text, /Health software security requirements/);
  });

  it('reports an unknown clause as a diagnostic', async () => {
    const uri = workspaceFile('requirements.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'unknown-clause'));
    assert.ok(diagnostics.length > 0);
  });
});
