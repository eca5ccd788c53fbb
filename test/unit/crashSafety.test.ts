// Crash safety of the server's wiring: every request handler the server registers turns an
// exception into an empty answer and a log line. Checked on the handlers themselves, through a
// connection that records them, so a handler added later without `safely` fails here.
import { strict as assert } from 'node:assert';
import { ResponseError, type Connection } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/lsp/server';
import { Analyzer, RULES, WorkspaceIndex } from '../../server/src/engine';
import { parse, testCatalog } from '../support/fixtures';

type Handler = (...args: unknown[]) => unknown;

// Registered by vscode-languageserver's TextDocuments, not by us; and initialize must answer with capabilities.
const NOT_OURS = new Set(['onInitialize', 'onWillSaveTextDocumentWaitUntil']);
const NOTIFICATIONS = /^on(Did|Initialized$|Exit$|Notification$|WillSaveTextDocument$|Progress$)/;

function recordingConnection() {
  const handlers: { name: string; handler: Handler; notification: boolean }[] = [];
  const errors: string[] = [];
  const noop = () => undefined;
  // Anything the server asks of the client (configuration, registration, messages) answers "nothing".
  const anything: unknown = new Proxy(function () {}, {
    get: (_, key) => (key === 'then' ? undefined : anything),
    apply: () => Promise.resolve(undefined),
  });
  const connection = new Proxy({} as Record<string | symbol, unknown>, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'console') return { error: (message: string) => errors.push(message), warn: noop, info: noop, log: noop };
      if (key === 'listen') return noop;
      if (typeof key === 'string' && key.startsWith('on')) {
        return (...args: unknown[]) => {
          const handler = args.find((arg) => typeof arg === 'function') as Handler;
          const method = typeof args[0] === 'object' && args[0] && 'method' in args[0] ? (args[0] as { method: string }).method : undefined;
          handlers.push({ name: method ?? key, handler, notification: NOTIFICATIONS.test(key) });
          return { dispose: noop };
        };
      }
      return anything;
    },
  });
  return { connection: connection as unknown as Connection, handlers, errors };
}

describe('crash safety of the LSP handlers', () => {
  it('every request handler answers (emptily) when its work throws, and logs the failure', async () => {
    const { connection, handlers, errors } = recordingConnection();
    startServer(connection, testCatalog());
    const find = (name: string) => handlers.find((h) => h.name === name)!.handler;
    await find('onInitialize')({ capabilities: {}, workspaceFolders: null, rootUri: null, processId: null });
    const uri = 'file:///ws/plan.md';
    await find('onDidOpenTextDocument')({ textDocument: { uri, languageId: 'markdown', version: 1, text: '---\nkind: threat-model\n---\nSee §5.3.1.\n' } });

    const requests = handlers.filter((h) => !h.notification && !NOT_OURS.has(h.name));
    assert.ok(requests.length >= 10, `the server registers its requests (${requests.map((r) => r.name).join(', ')})`);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    // Parameters a confused client might send: they make every feature dereference null.
    const hostile = [{ textDocument: { uri }, position: null, context: null, newName: null, id: null }, { textDocument: null }, null];
    for (const { name, handler } of requests) {
      for (const params of hostile) {
        // A ResponseError is a deliberate answer for the user (rename: "place the cursor on an id"), not a crash.
        await Promise.resolve()
          .then(() => handler(params, token))
          .catch((error) => assert.ok(error instanceof ResponseError, `${name} with ${JSON.stringify(params)} threw ${error?.stack ?? error}`));
      }
    }
    for (const feature of ['hover', 'completion', 'codeAction', 'definition', 'references', 'prepareRename', 'rename', 'documentSymbol']) {
      assert.ok(errors.some((error) => error.startsWith(`Clause Guide: ${feature} failed: TypeError`)), `${feature} logged its failure`);
    }
  });
});

describe('a rule that throws', () => {
  it('loses only its own findings, and the host is told', () => {
    const broken = { ...RULES.find((rule) => rule.name === 'unknown-clause')!, name: 'exploding', check: () => { throw new Error('boom'); } } as (typeof RULES)[number];
    const index = new WorkspaceIndex();
    index.update(parse('kind: threat-model\nthreats:\n  - id: TH-1\n    risk: severe\n', 'tm.yaml'));
    const failures: string[] = [];
    const findings = [...new Analyzer(testCatalog(), { rules: [...RULES, broken], onRuleError: (rule, error) => failures.push(`${rule.name}: ${(error as Error).message}`) }).analyze(index).values()].flat();
    assert.deepEqual(failures, ['exploding: boom']);
    assert.ok(findings.some((finding) => finding.rule === 'invalid-value'), 'the other rules still report');
  });
});
