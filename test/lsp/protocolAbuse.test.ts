// Our own hostile round (issue 12), against the real server over stdio: notifications a client
// should never send (changes to a document it never opened, ranges beyond the end or negative,
// a version that goes backwards, a second open, a close of something never opened) and requests
// at positions that do not exist. The server must stay up, keep the document's text sane, log no
// failure and keep answering; each check waits for a later answer, never for a fixed time.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DocumentSymbolRequest,
  HoverRequest,
  LogMessageNotification,
  MessageType,
  type LogMessageParams,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';

const THREATS = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay of commands\n';

describe('clause-guide-lsp: protocol abuse (our own hostile round)', function () {
  this.timeout(30000);
  let root: string;
  let server: LspSession;
  const logs: LogMessageParams[] = [];
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-abuse-'));
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    logs.length = 0;
    server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
    server.connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
      logs.push(params);
    });
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const failures = () => logs.filter((log) => log.type === MessageType.Error).map((log) => log.message);
  const hoverText = async (uri: string, line: number, character: number) => {
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
    return hover ? (hover.contents as MarkupContent).value : null;
  };
  /** The names of the document's items (the symbols under its collections). */
  const symbols = async (uri: string) => {
    type Named = { name: string; children?: Named[] };
    const all = ((await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? []) as Named[];
    const names: string[] = [];
    const walk = (list: Named[]) => list.forEach((symbol) => (names.push(symbol.name), walk(symbol.children ?? [])));
    walk(all);
    return names.filter((name) => /^TH-/.test(name));
  };

  it('ignores a change, a close and requests for a document that was never opened', async () => {
    const ghost = pathToFileURL(path.join(root, 'ghost.yaml')).href;
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: ghost, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } }, text: 'kind: threat-model' }],
    });
    void server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: ghost } });
    assert.equal(await hoverText(ghost, 0, 0), null);
    assert.deepEqual(await symbols(ghost), []);
    const real = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(real, 'yaml', THREATS);
    await server.flushed(real);
    assert.deepEqual(await symbols(real), ['TH-1'], 'the server still works for a real document');
    assert.deepEqual(failures(), []);
  });

  it('clamps ranges beyond the end or negative, so the text stays what an editor would hold', async () => {
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(uri, 'yaml', THREATS);
    await server.flushed(uri);
    // Past the last line: appended at the end. Negative: from the start.
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: 120, character: 7 } }, text: '  - id: TH-2\n    title: Spoofed pump\n' }],
    });
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: -4, character: -9 }, end: { line: -1, character: -1 } }, text: '# edited\n' }],
    });
    await server.flushed(uri);
    assert.deepEqual(await symbols(uri), ['TH-1', 'TH-2']);
    assert.match((await hoverText(uri, 0, 3)) ?? '', /^/, 'hover at the start answers');
    assert.deepEqual(failures(), []);
  });

  it('answers nothing, and logs no failure, for positions that do not exist', async () => {
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(uri, 'yaml', THREATS);
    await server.flushed(uri);
    for (const [line, character] of [
      [1e9, 0],
      [0, 1e9],
      [-1, -1],
      [2 ** 31, 2 ** 31],
      [1.5, 0.25],
    ]) {
      await hoverText(uri, line, character);
    }
    assert.deepEqual(failures(), []);
    assert.match((await hoverText(uri, 2, 10)) ?? '', /TH-1/, 'a real position still gets its hover');
  });

  it('takes a second open of the same document as its new text, and a full change after it too', async () => {
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(uri, 'yaml', THREATS, 5);
    server.open(uri, 'yaml', THREATS.replace('TH-1', 'TH-7'), 6);
    await server.flushed(uri);
    assert.deepEqual(await symbols(uri), ['TH-7']);
    // A version that goes backwards is a client's mistake; with the whole text sent, the text is still what the client holds.
    server.change(uri, THREATS.replace('TH-1', 'TH-8'), 4);
    await server.flushed(uri);
    assert.deepEqual(await symbols(uri), ['TH-8']);
    assert.deepEqual(failures(), []);
    assert.equal(server.process.exitCode, null);
  });
});
