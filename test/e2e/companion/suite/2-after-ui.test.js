'use strict';
// Checks, through the vscode API, what run.mjs did through the UI before this suite started
// (it writes $CLAUSE_GUIDE_E2E_GO when done): the quick fix and the tailoring record.
const assert = require('assert');
const fs = require('fs');
const vscode = require('vscode');
const { workspaceFile, codeOf, describeDiagnostics, waitForDiagnostics, fromRunner } = require('../lib/host');

describe('after the UI steps:', function () {
  it('the quick fix applied in the UI removed its invalid-value finding and changed only that line', async function () {
    const { quickFix } = fromRunner();
    assert.ok(quickFix && quickFix.original, 'run.mjs handed over the original threat model');
    const uri = workspaceFile(quickFix.file);
    const doc = await vscode.workspace.openTextDocument(uri);
    // The finding sat on this line before the fix; the analysis of the edited buffer must drop it.
    const onLine = (d) => d.range.start.line === quickFix.line && codeOf(d) === 'invalid-value';
    const diags = await waitForDiagnostics(uri, (ds) => ds.length > 0 && !ds.some(onLine), 30000, 'diagnostics without the fixed invalid-value');
    // Other findings of the file are still reported: the file is analysed, not dropped.
    assert.ok(diags.some((d) => codeOf(d) === 'threat-unmitigated'), `threat-unmitigated (TH-006) still reported; have ${JSON.stringify(describeDiagnostics(uri))}`);

    const before = quickFix.original.split(/\r?\n/);
    const after = doc.getText().split(/\r?\n/);
    assert.strictEqual(after.length, before.length, 'the fix adds or removes no line');
    const changed = before.map((line, i) => (line === after[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepStrictEqual(changed, [quickFix.line], `only line ${quickFix.line + 1} changed; changed: ${changed.map((i) => i + 1)}`);
    assert.strictEqual(after[quickFix.line], before[quickFix.line].replace('moderate', 'medium'));
  });

  it('after Generate Tailoring Record every clause without evidence has an undecided entry (pending, not tailored), and running it again adds nothing', async function () {
    const { tailoring } = fromRunner();
    assert.ok(tailoring && tailoring.added.length > 0, 'the CLI planned at least one entry on the untouched copy');
    const uri = workspaceFile(tailoring.file);
    const coverageOf = (ds) => ds.find((d) => codeOf(d) === 'clause-uncovered');
    const diags = await waitForDiagnostics(uri, (ds) => /\(\d+ pending\)/.test((coverageOf(ds) || {}).message || ''), 30000, 'clause-uncovered counting only pending clauses');
    assert.doesNotMatch(coverageOf(diags).message, /missing|claimed/, 'no clause is left without evidence or an entry');
    // The new entries have empty justifications, which the rules now ask for, one per added clause.
    const unjustified = diags.filter((d) => codeOf(d) === 'tailoring-justification-missing').map((d) => d.message);
    for (const clause of tailoring.added) {
      assert.ok(unjustified.some((m) => m.includes(` ${clause} `)), `tailoring-justification-missing for the new entry ${clause}; have ${JSON.stringify(unjustified)}`);
    }

    const onDisk = fs.readFileSync(uri.fsPath, 'utf8');
    const second = await vscode.commands.executeCommand('clauseGuide.generateTailoringRecord');
    assert.ok(second, 'the command returns its outcome');
    assert.deepStrictEqual(second.added, [], 'the second run adds nothing');
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), onDisk, 'the second run leaves the file on disk as it was');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(doc.getText(), onDisk, 'and the editor buffer too');
  });
});
