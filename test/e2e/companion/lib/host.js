'use strict';
// Helpers for the suite inside the extension host: workspace files, bounded waits, and what
// run.mjs handed over ($CLAUSE_GUIDE_E2E_GO: what the UI did, what the CLI said).
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');

const EXT_ID = 'clause-guide.clause-guide';

function workspaceFile(relative) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Polls `probe` (truthy when done) until `ms` elapses. */
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

function codeOf(d) {
  return d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function describeDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}: ${codeOf(d)}: ${d.message}`);
}

/** Resolves with the diagnostics of `uri` once `pred` holds; listens to onDidChangeDiagnostics. */
function waitForDiagnostics(uri, pred, ms, what = 'matching diagnostics') {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (!pred(diags)) return;
      done();
      resolve(diags);
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no ${what} for ${vscode.workspace.asRelativePath(uri)} within ${ms} ms; have: ${JSON.stringify(describeDiagnostics(uri), null, 1)}`));
    }, ms);
    function done() {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

function hoverText(hovers) {
  const parts = [];
  for (const h of hovers || []) {
    for (const c of h.contents || []) parts.push(typeof c === 'string' ? c : c.value || '');
  }
  return parts.join('\n');
}

let handover;
/** What run.mjs wrote to $CLAUSE_GUIDE_E2E_GO after its UI checks. */
function fromRunner() {
  if (handover) return handover;
  const file = process.env.CLAUSE_GUIDE_E2E_GO;
  assert.ok(file, 'CLAUSE_GUIDE_E2E_GO is set (run the suite through test/e2e/run.mjs)');
  assert.ok(fs.existsSync(file), `run.mjs wrote ${file} (it does so after its UI checks)`);
  handover = JSON.parse(fs.readFileSync(file, 'utf8'));
  return handover;
}

/** Splits CSV text into rows of fields (RFC 4180: quotes, doubled quotes, commas and newlines in quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

module.exports = { EXT_ID, workspaceFile, poll, codeOf, describeDiagnostics, waitForDiagnostics, hoverText, fromRunner, parseCsv };
