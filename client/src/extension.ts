// The VS Code side: starts the language server and contributes the commands. All analysis lives
// in the server (and its engine); the client only presents it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerFindClause } from './findClause';
import { ClauseDocumentProvider, CLAUSE_SCHEME } from './clauseDocument';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'yaml' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    synchronize: { configurationSection: 'clauseGuide' },
    outputChannelName: 'Clause Guide',
  };
  client = new LanguageClient('clauseGuide', 'Clause Guide', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    client,
    vscode.workspace.registerTextDocumentContentProvider(CLAUSE_SCHEME, new ClauseDocumentProvider(client)),
    registerFindClause(client),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
