// The server's edge with the client: which finding a code action is for, what it does with a
// malformed frame on stdin, and how it spells a file's URI.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { CodeActionRequest, DidCloseTextDocumentNotification, HoverRequest, RenameRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const titles = (actions: CodeAction[] | null) => (actions ?? []).map((action) => action.title);

describe('code actions are matched to the finding they were published for', function () {
  this.timeout(20000);
  let server: LspSession;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.close());

  // Only operation is covered: installation, maintenance and decommissioning are missing, three
  // phase-missing findings on the same range (the `requirements:` key).
  const text = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    text: "Sessions expire."\n';
  const missing = ['installation', 'maintenance', 'decommissioning'];

  async function phaseMissing(uri: string): Promise<Diagnostic[]> {
    server.open(uri, 'yaml', text);
    const diagnostics = await server.diagnostics(uri, (d) => d.filter((x) => x.code === 'phase-missing').length === 3);
    const found = diagnostics.filter((d) => d.code === 'phase-missing');
    assert.ok(found.every((d) => JSON.stringify(d.range) === JSON.stringify(found[0].range)), 'the three share one range');
    return found;
  }
  const actionsFor = (uri: string, diagnostics: Diagnostic[]) =>
    server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } }) as Promise<CodeAction[]>;
  const stubs = (actions: CodeAction[]) => titles(actions).filter((title) => title.startsWith('Add a stub'));

  it("gives each of three same-range diagnostics its own fix, alone and together (as VS Code asks for all under the cursor)", async () => {
    const uri = 'file:///ws/editor/requirements.yaml';
    const diagnostics = await phaseMissing(uri);
    for (const diagnostic of diagnostics) {
      const phase = missing.find((name) => messageOf(diagnostic).includes(`the ${name} phase`));
      assert.ok(phase, messageOf(diagnostic));
      assert.deepEqual(stubs(await actionsFor(uri, [diagnostic])), [`Add a stub ${phase} requirement SR-002`]);
    }
    const together = await actionsFor(uri, diagnostics);
    assert.deepEqual(stubs(together).sort(), missing.map((phase) => `Add a stub ${phase} requirement SR-002`).sort());
    // Each action names the diagnostic it fixes, so the client can tie them together.
    for (const action of together.filter((a) => a.title.startsWith('Add a stub'))) {
      const phase = missing.find((name) => action.title.includes(name))!;
      assert.equal(action.diagnostics?.length, 1);
      assert.match(messageOf(action.diagnostics![0]), new RegExp(`the ${phase} phase`));
    }
    // The suppress comment is the same edit for all three: offered once, for the three.
    const suppress = together.filter((action) => action.title.startsWith('Suppress phase-missing'));
    assert.equal(suppress.length, 1, titles(together).join(' | '));
    assert.equal(suppress[0].diagnostics?.length, 3);
  });

  it('matches by the message when the client does not send the diagnostic data back', async () => {
    const uri = 'file:///ws/plain-client/requirements.yaml';
    const diagnostics = (await phaseMissing(uri)).map(({ data: _data, ...rest }) => rest);
    for (const diagnostic of diagnostics) {
      const phase = missing.find((name) => messageOf(diagnostic).includes(`the ${name} phase`))!;
      assert.deepEqual(stubs(await actionsFor(uri, [diagnostic])), [`Add a stub ${phase} requirement SR-002`]);
    }
  });
});

describe('a frame on stdin that cannot be read', function () {
  this.timeout(20000);
  // After a frame that cannot be read, the stream is out of step (where does the next frame
  // start?) or a message is lost (a lost didChange leaves the server's copy of the document
  // unlike the editor's): the server says so on stderr and exits, and the client starts a fresh one.
  const frames: Record<string, string> = {
    'a header with no Content-Length': 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}',
    'a header line with no colon': 'garbage in the header\r\n\r\n',
    'a Content-Length that is not a number': 'Content-Length: many\r\n\r\n{}',
    'a body that is not JSON': `Content-Length: 12\r\n\r\n{"jsonrpc":}`,
  };
  for (const [name, frame] of Object.entries(frames)) {
    it(`exits promptly with a message on stderr after ${name}, instead of going silent`, async () => {
      const server = await startServer();
      try {
        const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
        server.process.stdin!.write(frame);
        // A valid request after it: the server must either answer it or exit; silence fails by the bounded wait.
        const answered = server.connection
          .sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/plan.md' }, position: { line: 0, character: 0 } })
          .then(() => 'answered' as const, () => 'connection closed' as const);
        const outcome = await Promise.race([
          exited.then((code) => ({ exitCode: code })),
          answered.then((how) => ({ how })),
          new Promise<{ timeout: true }>((resolve) => setTimeout(() => resolve({ timeout: true }), 5000)),
        ]);
        assert.deepEqual(outcome, { exitCode: 1 }, `stderr: ${server.stderr()}`);
        assert.match(server.stderr(), /clause-guide-lsp: cannot read a message from the client/);
        assert.match(server.stderr(), /exits? so that the client starts it again|restart/i);
      } finally {
        if (server.process.exitCode === null) await server.close();
      }
    });
  }
});

describe('a client that closes stdin', function () {
  this.timeout(20000);
  // The server reads stdin itself (to see unreadable frames); it still ends with the stream.
  it('ends the server (exit code 1 without a shutdown request)', async () => {
    const server = await startServer();
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    server.process.stdin!.end();
    const outcome = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000))]);
    if (outcome !== 1) await server.close();
    assert.equal(outcome, 1);
  });
});

describe('one file, one URI', function () {
  this.timeout(30000);
  // Node spells `threat-model (v2).yaml` as …%20(v2).yaml, VS Code as …%20%28v2%29.yaml: the
  // file read from disk and the file open in the editor must be one file to the server.
  const THREATS = 'kind: threat-model\nid: TM-V2\nclauses: ["7.2", "7.3"]\nthreats:\n  - id: TH-101\n    title: Spoofed endpoint\n    category: spoofing\n    risk: high\n';
  const REQUIREMENTS = 'kind: security-requirements\nid: SRS-V2\nrequirements:\n  - id: SR-001\n    phase: operation\n    text: "Endpoints are authenticated."\n    threats: [TH-101]\n';
  const duplicates = (latest: Map<string, Diagnostic[]>) =>
    [...latest].flatMap(([uri, diagnostics]) => diagnostics.filter((d) => d.code === 'duplicate-id').map((d) => `${uri} ${messageOf(d)}`));

  const asVsCode = (file: string) => URI.file(file).toString();
  const asNode = (file: string) => pathToFileURL(file).href;
  const cases: [string, string, (file: string) => string][] = [
    ['threat-model (v2).yaml', 'VS Code', asVsCode],
    ["o'brien & co; v=1+2,@$!~.yaml", 'VS Code', asVsCode],
    ['threat-model (v2).yaml', 'Node', asNode],
  ];
  for (const [name, client, spell] of cases) {
    it(`opening ${name} (spelled as ${client} does) after it was read from disk makes no duplicate ids, and rename edits it once`, async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-uri-'));
      const file = path.join(folder, name);
      fs.writeFileSync(file, THREATS);
      fs.writeFileSync(path.join(folder, 'requirements.yaml'), REQUIREMENTS);
      const server = await startServer({ workspaceFolders: [URI.file(folder).toString()] });
      try {
        const spelledByEditor = spell(file);
        assert.notEqual(asVsCode(file), asNode(file), 'the two spellings differ for this name');
        // Read from disk first: its findings are published.
        await server.settle((latest) => [...latest.keys()].some((uri) => URI.parse(uri).fsPath === file));

        server.open(spelledByEditor, 'yaml', THREATS);
        await server.flushed(spelledByEditor);
        assert.deepEqual(duplicates(await server.settle(() => true)), []);

        const rename = await server.connection.sendRequest(RenameRequest.type, {
          textDocument: { uri: spelledByEditor },
          position: { line: 4, character: 10 },
          newName: 'TH-201',
        });
        const files = Object.keys(rename?.changes ?? {}).map((uri) => URI.parse(uri).fsPath).sort();
        assert.deepEqual(files, [path.join(folder, 'requirements.yaml'), file].sort(), JSON.stringify(rename));
        const editsHere = Object.entries(rename!.changes!).find(([uri]) => URI.parse(uri).fsPath === file)![1];
        assert.equal(applyEdits(THREATS, editsHere), THREATS.replace('TH-101', 'TH-201'));

        await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: spelledByEditor } });
        await server.flushed(URI.file(path.join(folder, 'requirements.yaml')).toString());
        assert.deepEqual(duplicates(await server.settle(() => true)), []);
      } finally {
        await server.close();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});
