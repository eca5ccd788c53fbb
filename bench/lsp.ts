// A minimal LSP client over stdio for the benchmark: spawns a server (ours or yaml-language-server),
// initializes it, answers its configuration requests, and timestamps every publishDiagnostics the
// moment it is read, so latencies are measured from the client's side as an editor sees them.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface Published {
  params: PublishDiagnosticsParams;
  /** performance.now() when the notification was read. */
  at: number;
}

export interface BenchSession {
  connection: ProtocolConnection;
  pid: number;
  /** Every publishDiagnostics so far, in arrival order. */
  published: Published[];
  /** performance.now() after the `initialized` notification was sent. */
  initializedAt: number;
  /** Resolves with the first publication at or after `fromIndex` that `accept` takes; rejects after `timeoutMs`. */
  nextPublication(accept: (p: Published) => boolean, fromIndex: number, timeoutMs: number): Promise<Published>;
  /** Resolves once no publication arrived for `quietMs` and `done()` holds; rejects after `timeoutMs`. */
  settle(done: () => boolean, quietMs: number, timeoutMs: number): Promise<void>;
  /** Peak and current resident memory of the server process, in MB of 10^6 bytes (Linux /proc). */
  memory(): { peakMB: number; currentMB: number } | undefined;
  stderr(): string;
  close(): Promise<void>;
}

export interface SessionOptions {
  command: string;
  args: string[];
  /** Workspace folder (file:// uri) or none. */
  folderUri?: string;
  /** Answer for workspace/configuration, per section. */
  settings: Record<string, unknown>;
}

/** Servers started and not yet exited, so a failed run can still stop each one by its pid. */
const running = new Set<ChildProcess>();

export function killRunningServers(): void {
  for (const child of running) if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  running.clear();
}

export async function startSession(options: SessionOptions): Promise<BenchSession> {
  const child: ChildProcess = spawn(options.command, options.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  if (!child.pid) throw new Error(`could not start ${options.command}`);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20000)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: Published[] = [];
  const waiters = new Set<() => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    published.push({ params, at: performance.now() });
    for (const wake of [...waiters]) wake();
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section ? options.settings[item.section] ?? null : null)));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.listen();

  await withTimeout(
    connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.folderUri ?? null,
      workspaceFolders: options.folderUri ? [{ uri: options.folderUri, name: 'bench' }] : null,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true },
          synchronization: { didSave: true },
        },
      },
    }),
    30000,
    'initialize',
  );
  await connection.sendNotification(InitializedNotification.type, {});
  const initializedAt = performance.now();
  await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: options.settings });

  const pid = child.pid;
  return {
    connection,
    pid,
    published,
    initializedAt,
    nextPublication(accept, fromIndex, timeoutMs) {
      return new Promise((resolve, reject) => {
        let next = fromIndex;
        const look = () => {
          for (; next < published.length; next++) {
            if (accept(published[next])) {
              waiters.delete(look);
              clearTimeout(deadline);
              resolve(published[next]);
              return;
            }
          }
        };
        const deadline = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(look);
        look();
      });
    },
    settle(done, quietMs, timeoutMs) {
      return new Promise((resolve, reject) => {
        const started = performance.now();
        const poll = setInterval(() => {
          const last = published.length ? published[published.length - 1].at : started;
          if (done() && performance.now() - last >= quietMs) {
            clearInterval(poll);
            resolve();
          } else if (performance.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`diagnostics did not settle within ${timeoutMs} ms`));
          }
        }, 10);
      });
    },
    memory() {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
        return { peakMB: (kib('VmHWM') * 1024) / 1e6, currentMB: (kib('VmRSS') * 1024) / 1e6 };
      } catch {
        return undefined;
      }
    },
    stderr: () => stderr,
    async close() {
      try {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), 3000, 'shutdown').catch(() => undefined);
        await connection.sendNotification(ExitNotification.type).catch(() => undefined);
      } finally {
        await new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => {
            // Stop it by its pid if it did not exit by itself.
            if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL');
            resolve();
          }, 2000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        connection.dispose();
      }
    },
  };
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
