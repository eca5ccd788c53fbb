'use strict';
// Every document kind, in YAML and in Markdown (run.mjs wrote each as its snippet starts it, into two
// projects of their own), gets the same findings in the editor as from `clause-guide check --format
// json` on the same files: the same rules on the same lines.
const assert = require('assert');
const vscode = require('vscode');
const { workspaceFile, codeOf, fromRunner } = require('../lib/host');

const SOURCE = 'clause-guide';

/** "line rule" strings, sorted, of the editor's diagnostics for `uri`. */
function editorFindings(uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${d.range.start.line + 1} ${codeOf(d)}`)
    .sort();
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('document kinds:', function () {
  it('every kind, in YAML and in Markdown, gets the same (rule, line) findings in the editor as from `clause-guide check`', async function () {
    // 2 files per kind, each opened and compared: more than mocha's default minute on a loaded machine.
    this.timeout(240000);
    const { kinds } = fromRunner();
    assert.ok(kinds && kinds.files, 'run.mjs handed over the kind fixtures and the CLI findings');
    assert.strictEqual(kinds.files.length, 2 * kinds.kinds.length, `a YAML and a Markdown file for each of ${kinds.kinds.join(', ')}`);
    const expected = new Map(kinds.files.map((file) => [file, []]));
    for (const finding of kinds.cli) {
      assert.ok(expected.has(finding.file), `the CLI reported on ${finding.file}, which is not a fixture`);
      expected.get(finding.file).push(`${finding.line + 1} ${finding.rule}`);
    }
    for (const list of expected.values()) list.sort();
    const withFindings = kinds.files.filter((file) => expected.get(file).length);
    assert.ok(withFindings.length >= kinds.kinds.length, `the fixtures give findings to compare (${withFindings.length} files have some)`);

    // Open each file as a person would, files with findings first: once the editor shows those,
    // the projects have been analysed, and a file the CLI finds nothing in is judged then too.
    const order = [...withFindings, ...kinds.files.filter((file) => !expected.get(file).length)];
    const mismatches = [];
    for (const file of order) {
      const uri = workspaceFile(file);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
      const want = expected.get(file);
      // Bounded wait for the editor's findings to equal the CLI's (the analysis after opening may
      // publish more than once); what differs at the deadline is reported.
      const deadline = Date.now() + 20000;
      let have = editorFindings(uri);
      while (!same(have, want) && Date.now() < deadline) {
        await new Promise((resolve) => {
          const sub = vscode.languages.onDidChangeDiagnostics((e) => {
            if (e.uris.some((u) => u.toString() === uri.toString())) done();
          });
          const timer = setTimeout(done, 1000);
          function done() {
            clearTimeout(timer);
            sub.dispose();
            resolve();
          }
        });
        have = editorFindings(uri);
      }
      if (!same(have, want)) {
        mismatches.push(`${file}: only in the editor ${JSON.stringify(have.filter((x) => !want.includes(x)))}, only from the CLI ${JSON.stringify(want.filter((x) => !have.includes(x)))}`);
      }
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.deepStrictEqual(mismatches, [], `the editor and the CLI disagree on ${mismatches.length} of ${kinds.files.length} files`);
  });
});
