// docs/design.md (robustness, "Paths") through the real server over stdio: a watched file the
// server has indexed is replaced, under the same name, by a directory, a FIFO or a link that
// loops, and the watcher says so. Each is skipped with a log line that says why, its findings and
// its ids leave the analysis (a reference to them becomes unknown-reference), nothing blocks (the
// FIFO has no writer), and the server keeps answering; a file written back is read again.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  HoverRequest,
  LogMessageNotification,
  MessageType,
  type Diagnostic,
  type LogMessageParams,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';

const threats = (id: string) => `kind: threat-model\nclauses: ["7.9"]\nthreats:\n  - id: ${id}\n    title: Spoofing\n`;
const REQUIREMENTS = 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    phase: operation\n    text: Authenticate every request.\n    threats: [TH-DIR, TH-FIFO, TH-LOOP]\n';

describe('clause-guide-lsp: a watched file replaced by a directory, a FIFO or a link that loops', function () {
  this.timeout(60000);
  let root: string;
  let server: LspSession | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('skips each with a message, drops its findings and ids, keeps answering, and reads a file written back', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-replaced-lsp-'));
    const at = (name: string) => path.join(root, name);
    const uri = (name: string) => pathToFileURL(at(name)).href;
    fs.writeFileSync(at('.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    fs.writeFileSync(at('dir.yaml'), threats('TH-DIR'));
    fs.writeFileSync(at('fifo.yaml'), threats('TH-FIFO'));
    fs.writeFileSync(at('loop.yaml'), threats('TH-LOOP'));
    fs.writeFileSync(at('requirements.yaml'), REQUIREMENTS);
    server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
    const logs: LogMessageParams[] = [];
    server.connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
      logs.push(params);
    });
    // Open in the editor (the same text), so hover answers on it.
    server.open(uri('requirements.yaml'), 'yaml', REQUIREMENTS);
    const unknown = (diagnostics: Diagnostic[] | undefined) =>
      (diagnostics ?? []).filter((d) => d.code === 'unknown-reference').map((d) => String(d.message).split(' ')[0]).sort();
    const replaced = ['dir.yaml', 'fifo.yaml', 'loop.yaml'];
    // Indexed: each file has its unknown-clause finding, and every reference resolves.
    await server.settle((latest) => replaced.every((name) => (latest.get(uri(name)) ?? []).some((d) => d.code === 'unknown-clause')) && latest.has(uri('requirements.yaml')));

    fs.rmSync(at('dir.yaml'));
    fs.mkdirSync(at('dir.yaml'));
    fs.writeFileSync(at('dir.yaml/inner.yaml'), threats('TH-INNER'));
    fs.rmSync(at('fifo.yaml'));
    execFileSync('mkfifo', [at('fifo.yaml')]);
    fs.rmSync(at('loop.yaml'));
    fs.symlinkSync(at('loop-b.yaml'), at('loop.yaml'));
    fs.symlinkSync(at('loop.yaml'), at('loop-b.yaml'));
    // What a watcher reports: the folder as a change to the path (no deletion first), the file made inside it, the pipe and the link.
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uri('dir.yaml'), type: FileChangeType.Changed },
        { uri: uri('dir.yaml/inner.yaml'), type: FileChangeType.Created },
        { uri: uri('fifo.yaml'), type: FileChangeType.Changed },
        { uri: uri('loop.yaml'), type: FileChangeType.Changed },
        { uri: uri('loop-b.yaml'), type: FileChangeType.Created },
      ],
    });
    // The positive signal: the requirement's references to the three files' threats no longer resolve.
    const latest = await server.settle((now) => unknown(now.get(uri('requirements.yaml'))).join() === 'TH-DIR,TH-FIFO,TH-LOOP' && (now.get(uri('dir.yaml/inner.yaml')) ?? []).length > 0, 20000);
    for (const name of replaced) assert.deepEqual(latest.get(uri(name)), [], `${name} keeps no findings`);
    assert.ok((latest.get(uri('dir.yaml/inner.yaml')) ?? []).some((d) => d.code === 'unknown-clause'), 'the file made inside the new folder is read');

    const messages = logs.map((log) => log.message).join('\n');
    assert.match(messages, /skipping .*dir\.yaml: it is a folder/);
    assert.match(messages, /skipping .*fifo\.yaml: not a regular file \(a named pipe\); it is not read/);
    assert.match(messages, /skipping .*loop\.yaml: a symbolic link that loops \(it leads back to itself\); not followed/);
    assert.deepEqual(logs.filter((log) => log.type === MessageType.Error).map((log) => log.message), []);

    // Still answering: a hover on the requirement's id.
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uri('requirements.yaml') }, position: { line: 2, character: 10 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /SR-1/);

    // A file written back under the folder's name is read again.
    fs.rmSync(at('dir.yaml'), { recursive: true });
    fs.writeFileSync(at('dir.yaml'), threats('TH-DIR'));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uri('dir.yaml/inner.yaml'), type: FileChangeType.Deleted },
        { uri: uri('dir.yaml'), type: FileChangeType.Changed },
      ],
    });
    const back = await server.settle((now) => unknown(now.get(uri('requirements.yaml'))).join() === 'TH-FIFO,TH-LOOP', 20000);
    assert.ok((back.get(uri('dir.yaml')) ?? []).some((d) => d.code === 'unknown-clause'), 'the file written back is read');
    assert.deepEqual(back.get(uri('dir.yaml/inner.yaml')), [], 'the deleted inner file is gone');
  });
});
