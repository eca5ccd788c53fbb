// Starts the language server, and restarts it if it dies: a crash costs the user a moment, not the
// rest of the session. The first restart is announced once; after too many crashes in a short time
// it stays down and says how to get it back.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { SERVER_NODE_OPTIONS, SETTINGS_SECTION } from '../../common/protocol';
import { RestartPolicy } from './restartPolicy';

export class RestartingErrorHandler implements ErrorHandler {
  constructor(
    private readonly notify: (message: string) => void,
    private readonly policy = new RestartPolicy(),
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A broken message now and then is survivable; a stream of them means the connection is gone.
    return { action: count && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    const decision = this.policy.serverClosed();
    if (!decision.restart) {
      const minutes = this.policy.windowMs / 60000;
      return {
        action: CloseAction.DoNotRestart,
        message: `The Clause Guide server stopped ${this.policy.maxRestarts + 1} times in ${minutes} minutes and was not restarted. The "Clause Guide" output has the details; reload the window to try again.`,
      };
    }
    if (decision.announce) this.notify('The Clause Guide server stopped unexpectedly and was restarted. The "Clause Guide" output has the details.');
    return { action: CloseAction.Restart, handled: true };
  }
}

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_OPTIONS } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'markdown' },
      // Evidence files by the names the tools give them, for hover on a component's purl; the
      // server reads them from disk itself (their findings need no open editor).
      { scheme: 'file', pattern: '**/{bom.json,bom.xml,*.cdx.json,*.cdx.xml,*.spdx.json,grype*.json,trivy*.json,osv-scanner*.json,vex.json,*.vex.json,*.openvex.json}' },
    ],
    synchronize: { configurationSection: SETTINGS_SECTION },
    outputChannelName: 'Clause Guide',
    errorHandler: new RestartingErrorHandler((message) => void vscode.window.showInformationMessage(message)),
  };
  return new LanguageClient('clauseGuide', 'Clause Guide', serverOptions, clientOptions);
}
