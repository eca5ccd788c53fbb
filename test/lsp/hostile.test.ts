// Hostile input through the real server over stdio: a workspace full of files that are too large,
// binary, not UTF-8, alias bombs, nested 5,000 deep, broken or of the wrong types; documents that
// change faster than analysis; files deleted under the server; requests that make a handler throw.
// The server reports a finding or skips with a log line, keeps answering, and logs no failure.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionRequest,
  DidChangeWatchedFilesNotification,
  DocumentSymbolRequest,
  FileChangeType,
  HoverRequest,
  LogMessageNotification,
  MessageType,
  type Diagnostic,
  type LogMessageParams,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { aliasBomb, deeplyNested } from '../support/hostileInputs';
import { startServer, type LspSession, type StartOptions } from '../support/lspClient';

const MB = 1024 * 1024;

function workspace(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-hostile-lsp-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const uriOf = (root: string, name: string) => pathToFileURL(path.join(root, name)).href;
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const codes = (diagnostics: { code?: unknown }[] | undefined) => (diagnostics ?? []).map((d) => String(d.code));

/** A server on `root` that records its log lines. */
async function serverOn(root: string, options: StartOptions = {}): Promise<{ server: LspSession; logs: LogMessageParams[] }> {
  const server = await startServer({ workspaceFolders: [pathToFileURL(root).href], ...options });
  const logs: LogMessageParams[] = [];
  server.connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
    logs.push(params);
  });
  return { server, logs };
}

const errorsIn = (logs: LogMessageParams[]) => logs.filter((log) => log.type === MessageType.Error).map((log) => log.message);

describe('clause-guide-lsp with hostile input', function () {
  this.timeout(30000);
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const start = async (root: string, options?: StartOptions) => {
    cleanup.push(() => fs.rmSync(root, { recursive: true, force: true }));
    const started = await serverOn(root, options);
    cleanup.push(() => started.server.close());
    return started;
  };

  it('indexes a folder of hostile files: a finding where one helps, a logged skip otherwise, and keeps answering', async () => {
    const root = workspace({
      '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n',
      'security/threat-model.yaml': 'kind: threat-model\nclauses: ["7.2"]\nthreats:\n  - id: TH-001\n    title: Spoofing (§5.3.1)\n',
      'security/bomb.yaml': aliasBomb(),
      'security/deep.yaml': deeplyNested(5000)['flow sequences'],
      'security/deep-block.yaml': deeplyNested(5000)['compact block sequences'],
      'security/types.yaml': 'kind: threat-model\n? [a, b]\n: c\nthreats: 5\nthreats: {x: 1}\nid: {a: 1}\n',
      'docs/open.md': '---\nkind: security-requirements\n# the closing line is missing\n',
      'docs/list.md': '---\n- a\n- b\n---\n# Not ours\n',
      'security/logo.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'docs/latin1.md': Buffer.concat([Buffer.from('---\nkind: threat-model\n---\nR'), Buffer.from([0xe9]), Buffer.from('sum\n')]),
      'security/huge.yaml': '',
    });
    fs.truncateSync(path.join(root, 'security', 'huge.yaml'), 21 * MB);
    fs.symlinkSync(path.join(root, 'security', 'deleted.yaml'), path.join(root, 'security', 'dangling.yaml'));

    const started = performance.now();
    const { server, logs } = await start(root);
    const file = (name: string) => uriOf(root, name);
    const latest = await server.settle((byUri) =>
      ['security/huge.yaml', 'security/deep.yaml', 'security/deep-block.yaml', 'docs/open.md', 'security/bomb.yaml', 'security/types.yaml'].every((name) => byUri.get(file(name))?.length),
    );
    assert.ok(performance.now() - started < 15000, 'indexed in bounded time');

    assert.deepEqual(codes(latest.get(file('security/huge.yaml'))), ['file-too-large']);
    assert.match(messageOf(latest.get(file('security/huge.yaml'))![0]), /^This file is 21 MB, over the 5 MB limit/);
    assert.deepEqual(codes(latest.get(file('security/deep.yaml'))), ['syntax-error']);
    assert.match(messageOf(latest.get(file('security/deep.yaml'))![0]), /Nesting is more than 200 levels deep/);
    assert.deepEqual(codes(latest.get(file('security/deep-block.yaml'))), ['syntax-error']);
    assert.deepEqual(codes(latest.get(file('docs/open.md'))), ['syntax-error']);
    assert.ok(codes(latest.get(file('security/bomb.yaml'))).includes('invalid-value'));
    assert.ok(codes(latest.get(file('security/types.yaml'))).includes('syntax-error'), 'duplicate key');
    for (const skipped of ['security/logo.yaml', 'docs/latin1.md', 'security/dangling.yaml', 'docs/list.md']) {
      assert.deepEqual(latest.get(file(skipped)) ?? [], [], `${skipped} has no diagnostics`);
    }
    const info = logs.map((log) => log.message).join('\n');
    assert.match(info, /skipping .*logo\.yaml: binary file/);
    assert.match(info, /skipping .*latin1\.md: not UTF-8 text \(the first invalid byte is on line 4\)/);
    assert.match(info, /skipping .*dangling\.yaml: it no longer exists/);

    server.open(file('security/threat-model.yaml'), 'yaml', fs.readFileSync(path.join(root, 'security', 'threat-model.yaml'), 'utf8'));
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: file('security/threat-model.yaml') }, position: { line: 4, character: 22 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /§5\.3\.1/);
    // Opening the hostile files in the editor is no different.
    server.open(file('security/deep.yaml'), 'yaml', deeplyNested(5000)['compact block sequences']);
    server.open(file('security/bomb.yaml'), 'yaml', aliasBomb());
    for (const name of ['security/deep.yaml', 'security/bomb.yaml']) {
      const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: file(name) } });
      assert.ok(Array.isArray(symbols));
    }
    assert.deepEqual(errorsIn(logs), [], 'no handler or analysis failed');
  });

  it('does not analyse an open document over the size limit (clauseGuide.maxFileSize), and does once it shrinks', async () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n' });
    const { server, logs } = await start(root, { settings: { maxFileSize: 4096 } });
    const uri = uriOf(root, 'threats.yaml');
    const small = 'kind: threat-model\nclauses: ["7.9"]\n';
    server.open(uri, 'yaml', `${small}# ${'x'.repeat(6000)}\n`);
    const large = await server.diagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(codes(large), ['file-too-large']);
    assert.match(messageOf(large[0]), /^This file is 5\.9 KB, over the 4 KB limit/);
    assert.equal(await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 12 } }), null, 'nothing is read from it');
    server.change(uri, small, 2);
    assert.deepEqual(codes(await server.diagnostics(uri, (d) => !codes(d).includes('file-too-large'))), ['unknown-clause']);
    assert.deepEqual(errorsIn(logs), []);
  });

  it('reads a file again when .clause-guide.yaml raises or lowers maxFileSize', async () => {
    const threats = `kind: threat-model\nclauses: ["7.9"]\n# ${'x'.repeat(3000)}\n`;
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\nmaxFileSize: 2 KB\n', 'tm.yaml': threats });
    const { server, logs } = await start(root);
    const uri = uriOf(root, 'tm.yaml');
    assert.deepEqual(codes(await server.diagnostics(uri, (d) => d.length > 0)), ['file-too-large']);
    const changeConfig = async (text: string) => {
      fs.writeFileSync(path.join(root, '.clause-guide.yaml'), text);
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(root, '.clause-guide.yaml'), type: FileChangeType.Changed }] });
    };
    await changeConfig('rules:\n  clause-uncovered: off\nmaxFileSize: 10 KB\n');
    assert.deepEqual(codes(await server.diagnostics(uri, (d) => !codes(d).includes('file-too-large'))), ['unknown-clause']);
    await changeConfig('rules:\n  clause-uncovered: off\nmaxFileSize: 1 KB\n');
    const again = await server.diagnostics(uri, (d) => codes(d).includes('file-too-large'));
    assert.match(messageOf(again[0]), /over the 1 KB limit/);
    assert.deepEqual(errorsIn(logs), []);
  });

  it("keeps a ceiling on maxFileSize that the workspace's .clause-guide.yaml cannot lift, and the user's setting (\"32 MB\") can", async () => {
    // A repository's own configuration raised the limit without bound: a 74 MB document then took
    // the server to 3.4 GB and two minutes without an answer.
    const files = { '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\nmaxFileSize: 1 GB\n', 'tm.yaml': `kind: threat-model\nclauses: ["7.9"]\n# ${'x'.repeat(17 * MB)}\n` };
    const root = workspace(files);
    const { server, logs } = await start(root);
    const found = await server.diagnostics(uriOf(root, 'tm.yaml'), (d) => d.length > 0);
    assert.deepEqual(codes(found), ['file-too-large']);
    assert.match(messageOf(found[0]), /^This file is 17 MB, over the 16 MB limit, so it is not checked\. The `maxFileSize` of \.clause-guide\.yaml asks for more/);
    assert.deepEqual(errorsIn(logs), []);

    const lifted = workspace(files);
    const user = await start(lifted, { settings: { maxFileSize: '32 MB' } });
    assert.deepEqual(codes(await user.server.diagnostics(uriOf(lifted, 'tm.yaml'), (d) => d.length > 0)), ['unknown-clause'], 'read: the user raised the ceiling');
    assert.deepEqual(errorsIn(user.logs), []);
  });

  it('publishes the final version after 100 back-to-back changes, never an older one after a newer one, and answers meanwhile', async () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n' });
    const { server, logs } = await start(root);
    const uri = uriOf(root, 'threats.md');
    // Each version cites a different unknown clause (9.101 for version 1), so each version's diagnostics differ.
    const textOf = (version: number) => `---\nkind: threat-model\n---\n# Threats\nSee §5.3.1 and §9.${100 + version}.\n`;
    server.open(uri, 'markdown', textOf(1), 1);
    await server.diagnostics(uri, (d) => d.some((x) => messageOf(x).includes('no clause 9.101.')));
    const before = server.published.length;
    for (let version = 2; version <= 101; version++) server.change(uri, textOf(version), version);
    // A request right behind the burst sees the latest text.
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 18 } });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*9\.201\*\* is not a clause/, 'the hover read version 101');
    const hoverOnClause = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 6 } });
    assert.match((hoverOnClause?.contents as MarkupContent).value, /§5\.3\.1/);
    const final = await server.diagnostics(uri, (d) => d.some((x) => messageOf(x).includes('no clause 9.201.')));
    assert.equal(final.length, 1);

    await server.flushed(uri); // anything late would have arrived before this answer
    const burst = server.published.slice(before).filter((p) => p.uri === uri);
    const versions = burst.map((p) => p.version);
    assert.ok(versions.every((v) => typeof v === 'number'), `every publish names its version: ${versions.join(',')}`);
    assert.deepEqual([...versions].sort((a, b) => a! - b!), versions, `versions only increase: ${versions.join(',')}`);
    assert.equal(versions[versions.length - 1], 101);
    // The throttle lets an analysis follow as soon after the last one as that one took (here 5 ms,
    // its floor), so a burst that takes a few milliseconds to arrive is analysed a few times: far
    // fewer than once per change, and always from the latest text.
    assert.ok(burst.length <= 25, `the burst is analysed a few times, not 100 (${burst.length})`);
    assert.deepEqual(errorsIn(logs), []);
  });

  it('skips files deleted between the watcher event and the read, and keeps answering', async () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n', 'tm.yaml': 'kind: threat-model\nclauses: ["7.9"]\n' });
    const { server, logs } = await start(root);
    const indexed = uriOf(root, 'tm.yaml');
    await server.diagnostics(indexed, (d) => d.length > 0);
    const vanished = uriOf(root, 'vanished.yaml');
    fs.rmSync(path.join(root, 'tm.yaml'));
    // The watcher reports a change to tm.yaml and a new file that is gone by the time it is read.
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: vanished, type: FileChangeType.Created },
        { uri: indexed, type: FileChangeType.Changed },
      ],
    });
    assert.deepEqual(await server.diagnostics(indexed, (d) => d.length === 0), [], 'the deleted file loses its diagnostics');
    const completion = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: indexed }, position: { line: 0, character: 0 } });
    assert.ok(completion !== undefined);
    const messages = logs.map((log) => log.message).join('\n');
    assert.match(messages, /skipping .*vanished\.yaml: it no longer exists \(deleted while being read\)/);
    assert.match(messages, /skipping .*tm\.yaml: it no longer exists/);
    assert.ok(!server.published.some((p) => p.uri === vanished && p.diagnostics.length), 'nothing is reported for a file that was never read');
    assert.deepEqual(errorsIn(logs), []);
  });

  it('turns a handler exception into an empty answer and a log line, and keeps answering', async () => {
    const root = workspace({ '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n' });
    const { server, logs } = await start(root);
    const uri = uriOf(root, 'plan.md');
    server.open(uri, 'markdown', '# Plan\nWe meet §5.2.1.\n');
    // A client that sends no position: every feature would dereference it.
    const broken = { textDocument: { uri }, position: null } as never;
    assert.equal(await server.connection.sendRequest(HoverRequest.type, broken), null);
    assert.deepEqual(await server.connection.sendRequest(CompletionRequest.type, broken), []);
    assert.deepEqual(await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: null } as never), []);
    const failures = errorsIn(logs);
    assert.equal(failures.length, 3, failures.join('\n'));
    assert.match(failures[0], /^Clause Guide: hover failed: TypeError/);
    assert.match(failures[2], /^Clause Guide: documentSymbol failed: TypeError/);

    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 10 } });
    assert.match((hover?.contents as MarkupContent).value, /§5\.2\.1/);
    assert.equal(server.process.exitCode, null);
  });
});
