// Entry point of `clause-guide-lsp`: `--stdio` for any LSP client; `--node-ipc` when VS Code starts it.
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { SERVER_HEAP_GROWING_OPTION } from '../../../common/protocol';
import { readCatalog } from '../node/resources';
import { refuseRequestsFromNowOn } from './safe';
import { startServer } from './server';
import { framedTransport } from './transport';

const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h') || !args.some((arg) => TRANSPORTS.some((t) => arg.startsWith(t)))) {
    process.stderr.write(
      'Usage: clause-guide-lsp --stdio\n' +
        'Runs the Clause Guide language server (IEC 81001-5-1 guidance for YAML and Markdown security files).\n' +
        'Transports: --stdio, --node-ipc, --socket=PORT, --pipe=NAME\n',
    );
    process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
  }
  // Started without the client's node options (`clause-guide-lsp --stdio` from another editor):
  // the heap growth can still be set now, before the workspace is read (see SERVER_NODE_OPTIONS).
  if (!process.execArgv.some((option) => option.startsWith('--heap-growing-percent'))) setFlagsFromString(SERVER_HEAP_GROWING_OPTION);
  let shutdownRequested = false;
  const transport = framedTransport(args, () => process.exit(shutdownRequested ? 0 : 1));
  const connection = transport ? createConnection(ProposedFeatures.all, ...transport) : createConnection(ProposedFeatures.all);
  connection.onShutdown(() => {
    shutdownRequested = true;
    refuseRequestsFromNowOn();
  });
  // With --stdio, stdout carries the protocol: anything printed there would corrupt it.
  const toLog = (write: (message: string) => void) => (...parts: unknown[]) => write(parts.map(String).join(' '));
  console.log = console.info = console.debug = toLog((message) => connection.console.log(message));
  console.warn = toLog((message) => connection.console.warn(message));
  console.error = toLog((message) => connection.console.error(message));
  process.on('uncaughtException', (error) => connection.console.error(`Clause Guide: uncaught ${error?.stack ?? error}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Clause Guide: unhandled rejection ${String(reason)}`));
  startServer(connection, readCatalog());
}

main();
