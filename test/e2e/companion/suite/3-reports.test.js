'use strict';
// The report commands, called as another extension (or a keybinding) would call them; each returns
// what it showed. Compared with the CLI run by run.mjs on an untouched copy of the workspace.
const assert = require('assert');
const vscode = require('vscode');
const { fromRunner, parseCsv, workspaceFile } = require('../lib/host');

// The status of a row: its word column (covered | tailored | pending | claimed | missing).

/** Markdown table rows of the coverage report, by clause id (the cell that reads `§<id>`). */
function coverageRows(markdown) {
  const rows = new Map();
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const at = cells.findIndex((c) => /^§\S+$/.test(c));
    if (at < 0) continue;
    const status = cells.find((c) => /^(covered|tailored|pending|claimed|missing)$/.test(c));
    rows.set(cells[at].slice(1), { title: cells[at + 1], status, line });
  }
  return rows;
}

describe('reports:', function () {
  before(async function () {
    // Requests answer for the project of the last security document in an editor: the example's root.
    await vscode.window.showTextDocument(workspaceFile('security/security-architecture.yaml'), { preview: false });
  });

  it('clauseGuide.showCoverage returns Markdown listing every clause with its status', async function () {
    const markdown = await vscode.commands.executeCommand('clauseGuide.showCoverage');
    assert.strictEqual(typeof markdown, 'string', 'the command returns the Markdown it shows');
    const rows = coverageRows(markdown);
    assert.ok(rows.size >= 50, `at least 50 clause rows; got ${rows.size}`);
    const defense = rows.get('5.3.1');
    assert.ok(defense, '§5.3.1 is listed');
    assert.strictEqual(defense.title, 'Defense-in-depth architecture/design');
    // Cited, but a control states no safety impact: claimed; run.mjs's Generate Tailoring Record
    // then gave it an undecided entry, which makes it pending (never tailored).
    const planned = fromRunner().tailoring.added.includes('5.3.1');
    assert.strictEqual(defense.status, planned ? 'pending' : 'claimed');
    assert.match(defense.line, planned ? /not a decision yet/ : /Missing:/, 'with what it lacks');
    // 7.3: the threat model meets every criterion (the Threat Dragon model's threats with their
    // assessments in the threat model).
    const threats = rows.get('7.3');
    assert.strictEqual(threats.status, 'covered', 'the threat model meets every criterion of 7.3');
    assert.match(threats.line, /\]\([^)]+#L\d+\)/, 'with a link to its evidence');
    assert.strictEqual(rows.get('4.1.5').status, 'tailored', '4.1.5 is tailored by a decided entry of the example record');
    // The entries run.mjs generated through the UI are undecided: pending, never tailored.
    for (const clause of fromRunner().tailoring.added) {
      assert.strictEqual((rows.get(clause) || {}).status, 'pending', `§${clause} is pending after Generate Tailoring Record`);
    }
  });

  it("clauseGuide.exportTraceability('csv') returns requirement → threat → control → verification rows, as the CLI does", async function () {
    const result = await vscode.commands.executeCommand('clauseGuide.exportTraceability', 'csv');
    assert.ok(result && typeof result.content === 'string', 'the command returns the exported content');
    assert.strictEqual(result.format, 'csv');
    const [header, ...rows] = parseCsv(result.content.trim());
    for (const column of ['Requirement', 'Threat', 'Control', 'Verification']) {
      assert.ok(header.includes(column), `column ${column} in ${JSON.stringify(header)}`);
    }
    const col = (name) => header.indexOf(name);
    const has = (req, threat, control, verification) =>
      rows.some((r) => r[col('Requirement')] === req && r[col('Threat')] === threat && r[col('Control')] === control && r[col('Verification')] === verification);
    assert.ok(has('SR-001', 'TH-004', 'CTL-SIGN', 'VT-010'), 'SR-001 → TH-004 → CTL-SIGN → VT-010');
    assert.ok(has('SR-010', 'TH-002', 'CTL-MTLS', 'VT-020'), 'SR-010 → TH-002 → CTL-MTLS → VT-020');
    const cli = parseCsv(fromRunner().cli.matrixCsv.trim());
    const key = (r) => JSON.stringify(r);
    assert.deepStrictEqual(rows.map(key).sort(), cli.slice(1).map(key).sort(), 'the same rows as `clause-guide matrix --format csv`');
  });

  it('clauseGuide.showArchitectureDiagram returns Mermaid with the zones and reports it was drawn', async function () {
    const outcome = await vscode.commands.executeCommand('clauseGuide.showArchitectureDiagram');
    assert.ok(outcome && typeof outcome.mermaid === 'string', 'the command returns the Mermaid source');
    assert.match(outcome.mermaid, /^flowchart/m);
    for (const zone of ['Z-PUMPS: Infusion pump VLAN', 'Z-HOSPITAL: Hospital clinical network', 'Z-CLOUD: Vendor cloud']) {
      assert.ok(outcome.mermaid.includes(zone), `zone "${zone}" in\n${outcome.mermaid}`);
    }
    assert.match(outcome.mermaid, /TB-01: CTL-MTLS/, 'the control enforced at TB-01');
    assert.match(outcome.mermaid, /TB-03: no control/, 'TB-03 shown without a control');
    assert.strictEqual(outcome.mermaid.trim(), fromRunner().cli.diagram.trim(), 'the same source as `clause-guide diagram`');
    assert.strictEqual(outcome.rendered, true, `Mermaid drew it in the webview (error: ${outcome.error})`);
  });

  it('clauseGuide.checkReleaseReadiness reports blocking findings for the example', async function () {
    const result = await vscode.commands.executeCommand('clauseGuide.checkReleaseReadiness');
    assert.ok(result && typeof result.markdown === 'string', 'the command returns the report');
    assert.ok(result.blocking > 0, `blocking > 0; got ${result.blocking}`);
    assert.match(result.markdown, /^# Release readiness/m);
    assert.match(result.markdown, /Activities marked done without a record/, 'lists the 5.7.2 activity without a record');
  });

  it('every report opens in one report group, whichever is shown first and however often', async function () {
    const webviewTabs = () =>
      vscode.window.tabGroups.all.map((group) => group.tabs.filter((tab) => tab.input instanceof vscode.TabInputWebview).length);
    await vscode.commands.executeCommand('clauseGuide.showCoverage');
    const groupsWithOneReport = vscode.window.tabGroups.all.length;
    await vscode.commands.executeCommand('clauseGuide.checkReleaseReadiness');
    await vscode.commands.executeCommand('clauseGuide.showArchitectureDiagram');
    await vscode.commands.executeCommand('clauseGuide.showCoverage');
    assert.strictEqual(vscode.window.tabGroups.all.length, groupsWithOneReport, `no new group per report: ${JSON.stringify(webviewTabs())}`);
    const holding = webviewTabs().filter((count) => count > 0);
    assert.deepStrictEqual(holding, [3], `the three reports share one group: ${JSON.stringify(webviewTabs())}`);
  });

  it('clauseGuide.exportArchitectureSvg writes the drawn diagram as an SVG file', async function () {
    const target = workspaceFile('security/architecture-e2e.svg');
    const written = await vscode.commands.executeCommand('clauseGuide.exportArchitectureSvg', target);
    assert.strictEqual(written, target.fsPath);
    const svg = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.match(svg, /^<\?xml [^>]*\?>\n<svg /);
    assert.match(svg, /data-id="Z-PUMPS"/);
    assert.match(svg, /class="threat unmitigated gap" data-id="TH-006"/);
    assert.match(svg, /<g class="legend">/);
    await vscode.workspace.fs.delete(target);
  });

  it('clauseGuide.exportArchitecturePng writes a PNG drawn by the webview, also when the diagram is behind another report', async function () {
    // The previous tests leave the diagram hidden behind Coverage in the one report group: a
    // hidden view has no page, so the request must show it first (it was dropped, and nothing answered).
    await vscode.commands.executeCommand('clauseGuide.showCoverage');
    const target = workspaceFile('security/architecture-e2e.png');
    const written = await vscode.commands.executeCommand('clauseGuide.exportArchitecturePng', target);
    assert.strictEqual(written, target.fsPath, 'the command returns the file it wrote');
    const png = Buffer.from(await vscode.workspace.fs.readFile(target));
    assert.strictEqual(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 5000, `a drawn image, ${png.length} bytes`);
    await vscode.workspace.fs.delete(target);
  });

  it('Export Audit Package saves the report next to the security file', async function () {
    const written = await vscode.commands.executeCommand('clauseGuide.exportAuditPackage', { format: 'html', offerToOpen: false });
    assert.ok(typeof written === 'string', 'the command returns the file it wrote');
    assert.strictEqual(written, workspaceFile('security/audit-report.html').fsPath);
    const html = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(written))).toString('utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /data-clause="5\.3\.1"/);
    assert.match(html, /<svg [^>]*class="cg-architecture"/);
    await vscode.workspace.fs.delete(vscode.Uri.file(written));
  });
});
