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
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  ShowDocumentRequest,
  ShutdownRequest,
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

  it('takes a reversed range as the range between its ends, as the protocol library does, and answers requests with one', async () => {
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(uri, 'yaml', THREATS);
    await server.flushed(uri);
    // End before start: replaces "TH-1" (line 2, characters 8..12) all the same.
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 12 }, end: { line: 2, character: 8 } }, text: 'TH-5' }],
    });
    await server.flushed(uri);
    assert.deepEqual(await symbols(uri), ['TH-5']);
    const reversed = { start: { line: 3, character: 0 }, end: { line: 0, character: 0 } };
    assert.ok(Array.isArray(await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: reversed, context: { diagnostics: [{ range: reversed, message: 'not ours', code: 'syntax-error' }] } })));
    assert.deepEqual(failures(), []);
  });

  it('reads a change that brings 30 MB in one piece as too large, and keeps answering', async () => {
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(uri, 'yaml', THREATS);
    await server.flushed(uri);
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: `# ${'x'.repeat(30 * 1024 * 1024)}\n` }],
    });
    const tooLarge = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'file-too-large'), 60000);
    assert.equal(tooLarge.filter((d) => d.code === 'file-too-large').length, 1);
    assert.match((await hoverText(pathToFileURL(path.join(root, 'other.yaml')).href, 0, 0)) ?? 'none', /none/);
    assert.equal(server.process.exitCode, null);
  });

  it('ignores documents of other schemes (untitled:, https:) for the workspace, and answers requests on them', async () => {
    for (const uri of ['untitled:Untitled-1', 'https://example.invalid/tm.yaml']) {
      server.open(uri, 'yaml', THREATS);
      await server.flushed(uri);
      await symbols(uri);
    }
    const real = pathToFileURL(path.join(root, 'tm.yaml')).href;
    server.open(real, 'yaml', THREATS.replace('TH-1', 'TH-3'));
    await server.flushed(real);
    assert.deepEqual(await symbols(real), ['TH-3']);
    assert.deepEqual(failures(), []);
  });

  it('runs no command for arguments it did not make: an unknown command, or clauseGuide.showEditedFile with garbage, asks the client nothing', async () => {
    const asked: unknown[] = [];
    server.connection.onRequest(ShowDocumentRequest.type, (params) => (asked.push(params), { success: true }));
    for (const [command, args] of [
      ['clauseGuide.noSuchCommand', [1, 2]],
      ['clauseGuide.showEditedFile', []],
      ['clauseGuide.showEditedFile', [{ uri: 'file:///etc/passwd', selection: 'all' }]],
      ['clauseGuide.showEditedFile', [{ uri: 'javascript:alert(1)' }]],
      ['clauseGuide.showEditedFile', [null]],
    ] as const) {
      await server.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: [...args] }).catch(() => undefined);
    }
    // The client in these tests cannot show documents (no window.showDocument capability): nothing may be asked of it.
    assert.deepEqual(asked, []);
    assert.deepEqual(failures(), []);
    assert.equal(server.process.exitCode, null);
  });

  it('answers a request after shutdown with an error, not a crash, and exits 0 on exit', async () => {
    await server.connection.sendRequest(ShutdownRequest.type);
    const uri = pathToFileURL(path.join(root, 'tm.yaml')).href;
    await assert.rejects(server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 0 } }), /shut ?down/i);
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    void server.connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
  });
});
