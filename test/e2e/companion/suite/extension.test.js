'use strict';
// Runs inside the VS Code extension host (real `vscode` API) against the
// installed, packaged clause-guide.clause-guide extension.
const assert = require('assert');
const path = require('path');
const vscode = require('vscode');
const { readClauseTitle, normalize } = require('../lib/catalog');

const EXT_ID = 'clause-guide.clause-guide';

function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Polls `probe` (which returns a truthy value when done) until `ms` elapses. */
async function poll(probe, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

function hoverText(hovers) {
  const parts = [];
  for (const h of hovers || []) {
    for (const c of h.contents || []) parts.push(typeof c === 'string' ? c : c.value || '');
  }
  return parts.join('\n');
}

function codeOf(d) {
  return d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Resolves with the diagnostics of `uri` once `pred` holds; listens to onDidChangeDiagnostics. */
function waitForDiagnostics(uri, pred, ms) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (pred(diags)) {
        done();
        resolve(diags);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}: ${d.message}`);
      reject(new Error(`no matching diagnostic for ${uri.fsPath} within ${ms} ms; have: ${JSON.stringify(now)}`));
    }, ms);
    function done() {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

function itemLabel(item) {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('extension host:', function () {
  let ext;

  it('is installed and becomes active', async function () {
    ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed`);
    await poll(() => ext.isActive, 30000, `${EXT_ID} to become active`);
  });

  it('contributes the command clauseGuide.findClause', async function () {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('clauseGuide.findClause'), 'clauseGuide.findClause is registered');
  });

  it('hover on §5.2.1 in notes.md shows the clause title from the packaged catalog', async function () {
    ext = ext || vscode.extensions.getExtension(EXT_ID);
    const title = readClauseTitle(path.join(ext.extensionPath, 'catalog', 'clauses.yaml'), '5.2.1');
    const doc = await vscode.workspace.openTextDocument(workspaceFile('notes.md'));
    const offset = doc.getText().indexOf('§5.2.1');
    assert.ok(offset >= 0, 'notes.md cites §5.2.1');
    const pos = doc.positionAt(offset + 3);
    const text = await poll(async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
      return t.includes('5.2.1') ? t : undefined;
    }, 30000, 'a hover on §5.2.1');
    assert.ok(
      normalize(text).toLowerCase().includes(normalize(title).toLowerCase()),
      `hover contains the title "${title}"; got:\n${text}`,
    );
  });

  it('reports unknown-clause for clauses: ["5.3.9"] in requirements.yaml', async function () {
    const uri = workspaceFile('requirements.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.languageId, 'yaml');
    const diags = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-clause'), 30000);
    const d = diags.find((x) => codeOf(x) === 'unknown-clause');
    const line = doc.lineAt(d.range.start.line).text;
    assert.ok(line.includes('5.3.9'), `the diagnostic sits on the line citing 5.3.9 (line: ${JSON.stringify(line)})`);
  });

  it('completion after §5.3. offers 5.3.1, 5.3.2 and 5.3.3', async function () {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('scratch.md'));
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    const typed = '\nSee §5.3.';
    edit.insert(doc.uri, end, typed);
    assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    try {
      const at = doc.positionAt(doc.getText().length);
      let seen = [];
      const labels = await poll(async () => {
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, at, '.');
        const texts = (list ? list.items : []).map(
          (i) => `${itemLabel(i)} ${typeof i.insertText === 'string' ? i.insertText : (i.insertText && i.insertText.value) || ''} ${i.filterText || ''}`,
        );
        seen = texts.map((t) => t.trim()).slice(0, 20);
        return ['5.3.1', '5.3.2', '5.3.3'].every((id) => texts.some((t) => t.includes(id))) ? texts : undefined;
      }, 30000, 'completion items 5.3.1, 5.3.2, 5.3.3').catch((e) => {
        throw new Error(`${e.message}; items offered: ${JSON.stringify(seen)}`);
      });
      assert.ok(labels.length >= 3);
    } finally {
      // put the document back as it was (it stays unsaved either way)
      const undo = new vscode.WorkspaceEdit();
      const start = doc.positionAt(doc.getText().length - typed.length);
      undo.delete(doc.uri, new vscode.Range(start, doc.positionAt(doc.getText().length)));
      await vscode.workspace.applyEdit(undo);
    }
  });
});
