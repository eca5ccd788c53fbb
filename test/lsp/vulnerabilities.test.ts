// Vulnerability evidence over LSP: on the example workspace the server publishes the same
// vulnerability findings as the CLI (at the scanner match and the VEX statement, both in the legacy
// bridge's project: the gateway has assessed every vulnerability its scan reports), and a VEX
// statement added on disk clears the unassessed vulnerability once the watcher reports the change.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const RULES = ['vulnerability-unassessed', 'vex-justification-missing'];
const key = (d: { range: Diagnostic['range']; code?: unknown; rule?: unknown; severity?: unknown }) =>
  `${d.code ?? d.rule} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('vulnerability evidence over LSP', function () {
  this.timeout(60000);
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('publishes the CLI\'s vulnerability findings on the example, and clears one when a VEX statement for it is saved', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-vuln-'));
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'infusync'), folder, { recursive: true });

    const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'clause-guide.js'), 'check', '--format', 'json', '.'], { cwd: folder, encoding: 'utf8', timeout: 30000 });
    const expected = new Map<string, string[]>();
    for (const finding of JSON.parse(cli.stdout) as { file: string; rule: string; range: Diagnostic['range'] }[]) {
      if (!RULES.includes(finding.rule)) continue;
      const uri = pathToFileURL(path.join(folder, finding.file)).href;
      expected.set(uri, [...(expected.get(uri) ?? []), key(finding)]);
    }
    const grype = pathToFileURL(path.join(folder, 'legacy-bridge', 'grype.json')).href;
    const vexPath = path.join(folder, 'legacy-bridge', 'bridge.openvex.json');
    const vex = pathToFileURL(vexPath).href;
    assert.equal(expected.get(grype)?.length, 1, 'the CLI reports the unassessed vulnerability');
    assert.equal(expected.get(vex)?.length, 1, 'the CLI reports the unjustified statement');
    assert.deepEqual([...expected.keys()].sort(), [grype, vex].sort(), 'the gateway\'s scan and VEX leave nothing unassessed');

    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    cleanup.push(() => server.close());
    const ours = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => RULES.includes(String(d.code)));
    const latest = await server.settle((byUri) => [...expected].every(([uri, keys]) => ours(byUri.get(uri) ?? []).length === keys.length));
    for (const [uri, keys] of expected) assert.deepEqual(ours(latest.get(uri)!).map(key).sort(), [...keys].sort(), uri);
    const [unassessed] = ours(latest.get(grype)!);
    assert.match(String(unassessed.message), /CVE-2023-42363 in busybox@1\.36\.1 has no VEX statement/);

    // The product security team triages the busybox finding: the statement is saved, the watcher reports it.
    const document = JSON.parse(fs.readFileSync(vexPath, 'utf8'));
    document.statements.push({ vulnerability: { name: 'CVE-2023-42363' }, products: [{ '@id': 'pkg:generic/busybox@1.36.1' }], status: 'affected', action_statement: 'Update busybox to 1.37.0 in 1.4.3.' });
    fs.writeFileSync(vexPath, JSON.stringify(document, null, 2));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: vex, type: FileChangeType.Changed }] });
    await server.diagnostics(grype, (diagnostics) => !diagnostics.some((d) => d.code === 'vulnerability-unassessed'));
  });
});
