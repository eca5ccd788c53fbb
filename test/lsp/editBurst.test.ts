// Bursts of incremental edits (issue 12): 4,000 changes adding 1.8 MB to a document used to
// leave the server unresponsive for a minute, as each queued change re-ran a full analysis. Now the
// changes are applied as they arrive and analysis runs on the latest text only: a request sent
// right behind the burst is answered from the final text, and within a bounded wait.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';

describe('clause-guide-lsp: a burst of incremental edits', function () {
  this.timeout(120000);
  let root: string;
  let server: LspSession;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-burst-'));
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    server = await startServer({ workspaceFolders: [pathToFileURL(root).href], nodeOptions: process.env.BURST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BURST_PROFILE}`] : [] });
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a request behind 4,000 changes that add 1.8 MB, from the final text', async () => {
    const uri = pathToFileURL(path.join(root, 'threats.yaml')).href;
    const text = 'kind: threat-model\nthreats:\n  - id: TH-0\n    title: Replay\n';
    server.open(uri, 'yaml', text, 1);
    await server.flushed(uri);
    // As a paste arrives from some clients: one change per line, each appending a 450-character line at the end.
    const changes = Number(process.env.BURST_CHANGES ?? 4000);
    const lineCount = 4;
    for (let i = 0; i < changes; i++) {
      const position = { line: lineCount + i, character: 0 };
      void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: position, end: position }, text: `# note ${String(i).padStart(5, '0')} ${'x'.repeat(435)}\n` }],
      });
    }
    // The last change renames the threat: the answer must come from the text after it.
    const renamed = { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } };
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: changes + 2 },
      contentChanges: [{ range: renamed, text: 'TH-LAST' }],
    });
    const started = Date.now();
    type Named = { name: string; detail?: string; children?: Named[] };
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as Named[];
    const waited = Date.now() - started;
    const names = symbols.flatMap((symbol) => symbol.children ?? []).map((symbol) => symbol.name);
    assert.deepEqual(names, ['TH-LAST'], 'the answer comes from the text after the last change');
    // A bounded wait, not a timing target: before the fix this took over a minute.
    assert.ok(waited < 60000, `answered in ${waited} ms`);
    assert.equal(server.process.exitCode, null);
  });
});
