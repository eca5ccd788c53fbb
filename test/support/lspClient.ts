// Drives the real server binary over stdio, as an editor would: spawn `clause-guide-lsp --stdio`,
// initialize, open documents, ask, and collect published diagnostics.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from './fixtures';

export interface LspSession {
  connection: ProtocolConnection;
  process: ChildProcess;
  stderr: () => string;
  open(uri: string, languageId: string, text: string, version?: number): void;
  change(uri: string, text: string, version: number): void;
  /** Every diagnostics notification received so far, latest last. */
  published: PublishDiagnosticsParams[];
  /** Resolves once `done()` holds over the latest diagnostics per uri (bounded wait). */
  settle(done: (latest: Map<string, Diagnostic[]>) => boolean, timeoutMs?: number): Promise<Map<string, Diagnostic[]>>;
  /**
   * Resolves once the server has answered a request that first runs any pending analysis (a code
   * action on the open document `uri`): every diagnostics notification of an analysis pending at
   * that point has been received. The positive signal a negative check waits for.
   */
  flushed(uri: string): Promise<void>;
  /** Resolves with the first diagnostics published for `uri` that satisfy `accept` (bounded wait). */
  diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

export interface StartOptions {
  settings?: Record<string, unknown>;
  capabilities?: ClientCapabilities;
  rootUri?: string | null;
  /** Folders the server indexes (as `file://` uris). */
  workspaceFolders?: string[];
  /** Node options for the server's process (none: as another editor starts `clause-guide-lsp`). */
  nodeOptions?: string[];
  /** false: a client that never answers `workspace/configuration` (it says it can, then stays silent). */
  answerConfiguration?: boolean;
  /** The server's executable, run directly as an editor would (default: this repository's bin/clause-guide-lsp.js under this node). */
  executable?: string;
}

export async function startServer(options: StartOptions = {}): Promise<LspSession> {
  const child = options.executable
    ? spawn(options.executable, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, [...(options.nodeOptions ?? []), path.join(REPO_ROOT, 'bin', 'clause-guide-lsp.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const all: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push(params);
    all.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  connection.onRequest(ConfigurationRequest.type, (params) =>
    options.answerConfiguration === false ? new Promise<never>(() => {}) : params.items.map((item) => (item.section === 'clauseGuide' ? options.settings ?? {} : null)),
  );
  connection.listen();
  // A server that dies while starting (a bad node option, a crash on load) fails the start at once, with what it printed.
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`clause-guide-lsp exited while starting (${signal ?? `exit code ${code}`}): ${stderr.trim() || 'it printed nothing'}`))),
  );
  exited.catch(() => undefined);

  const initialized = connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.rootUri ?? options.workspaceFolders?.[0] ?? null,
    workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) })) ?? null,
    capabilities: options.capabilities ?? { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
  });
  await Promise.race([initialized, exited]);
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    stderr: () => stderr,
    published: all,
    settle(done, timeoutMs = 10000) {
      return new Promise((resolve, reject) => {
        const latest = () => new Map(all.map((p) => [p.uri, p.diagnostics]));
        const deadline = setTimeout(() => reject(new Error(`diagnostics did not settle within ${timeoutMs} ms`)), timeoutMs);
        const look = () => {
          if (done(latest())) {
            clearTimeout(deadline);
            resolve(latest());
          } else waiters.push(look);
        };
        look();
      });
    },
    open(uri, languageId, text, version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri, text, version) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async flushed(uri) {
      const zero = { line: 0, character: 0 };
      await connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: zero, end: zero }, context: { diagnostics: [] } });
    },
    diagnostics(uri, accept = () => true, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        const look = () => {
          const match = published.find((p) => p.uri === uri && accept(p.diagnostics));
          if (match) {
            clearTimeout(deadline);
            published.splice(0, published.indexOf(match) + 1);
            resolve(match.diagnostics);
          } else {
            waiters.push(look);
          }
        };
        look();
      });
    },
    async close() {
      // A server that already exited (a test sent shutdown and exit itself) has nothing to close.
      if (child.exitCode !== null) {
        connection.dispose();
        return;
      }
      try {
        await Promise.race([connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification(ExitNotification.type);
      } finally {
        connection.dispose();
        // Stop it by its pid if it did not exit by itself.
        setTimeout(() => child.exitCode === null && child.pid && process.kill(child.pid, 'SIGKILL'), 1000).unref();
      }
    },
  };
}
