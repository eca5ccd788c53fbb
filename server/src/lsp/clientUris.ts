// Where document URIs enter from the client: each is respelled here, once, so the editor's
// `threat-model%20%28v2%29.yaml` and the same file read from disk are one key (node/uri.ts says why).
// The handlers behind these see only canonical URIs.
import type { CancellationToken, Connection, TextDocumentIdentifier, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { canonicalUri } from '../node/uri';

type WithDocument = { textDocument: TextDocumentIdentifier };
/** What `TextDocuments.listen` needs of a connection (the library does not export its name). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

function respelled<P extends WithDocument>(params: P): P {
  const uri = canonicalUri(params.textDocument.uri);
  return uri === params.textDocument.uri ? params : { ...params, textDocument: { ...params.textDocument, uri } };
}

/** A request handler that is given the document's canonical URI. */
export function inDocument<P extends WithDocument, R>(handler: (params: P, token: CancellationToken) => R): (params: P, token: CancellationToken) => R {
  return (params, token) => handler(respelled(params), token);
}

/** The document events of the connection with canonical URIs, for `TextDocuments.listen`: open documents are kept under them. */
export function documentEvents(connection: Connection): TextDocumentConnection {
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument((params) => handler(respelled(params))),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument((params) => handler(respelled(params))),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument((params) => handler(respelled(params))),
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument((params) => handler(respelled(params))),
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil((params, token) => handler(respelled(params), token)),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument((params) => handler(respelled(params))),
  };
}
