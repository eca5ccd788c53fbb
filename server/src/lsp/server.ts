// The LSP layer: wires protocol events to the engine and does nothing else of substance.
import * as path from 'node:path';
import {
  CodeActionKind,
  CompletionItemKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  MarkupKind,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Connection,
  type DocumentSymbol,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  DEFAULT_SETTINGS,
  SETTINGS_SECTION,
  ClauseListRequest,
  ClauseMarkdownRequest,
  type ClauseGuideSettings,
  type ClauseSummary,
} from '../../../common/protocol';
import {
  completionsAt,
  definitionAt,
  documentSymbols,
  formatOf,
  hoverAt,
  idAt,
  idHoverAt,
  prepareRenameAt,
  referencesAt,
  renameAt,
  renderClauseMarkdown,
  valueCompletionListAt,
  type Catalog,
  type OfficialText,
  type ParsedDocument,
  type WorkspaceIndex,
} from '../engine';
import { CONFIG_FILE_NAME } from '../node/config';
import { OfficialTextCache } from '../node/resources';
import { sameRange, toCodeActions, toDocumentSymbol } from './convert';
import { registerRecords } from './records';
import { safely } from './safe';
import { WorkspaceState } from './workspaceState';

/** Value completions past this many (thousands of threat ids) are narrowed to what is typed and marked incomplete. */
const MAX_VALUE_COMPLETIONS = 200;

export function startServer(connection: Connection, catalog: Catalog): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new WorkspaceState(connection, catalog, documents, (folder) => settingsFor(URI.file(folder).toString()));
  const officialTexts = new OfficialTextCache();
  const settingsByResource = new Map<string, Promise<ClauseGuideSettings>>();
  const reportedOfficialTextErrors = new Set<string>();
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let workspaceFolders: string[] = [];

  function settingsFor(uri: string): Promise<ClauseGuideSettings> {
    if (!canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    const cached = settingsByResource.get(uri);
    if (cached) return cached;
    const settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then((value: Partial<ClauseGuideSettings> | null) => ({ ...DEFAULT_SETTINGS, ...(value ?? {}) }));
    settingsByResource.set(uri, settings);
    return settings;
  }

  async function officialTextFor(uri: string): Promise<OfficialText | undefined> {
    const { clauseTextFile } = await settingsFor(uri);
    if (!clauseTextFile) return undefined;
    const file = resolveAgainstWorkspace(clauseTextFile, uri, workspaceFolders);
    const { text, error } = officialTexts.load(file);
    if (error && !reportedOfficialTextErrors.has(file)) {
      reportedOfficialTextErrors.add(file);
      void connection.window.showWarningMessage(`Clause Guide: ${error}`);
    }
    return text;
  }

  /** The parsed text the editor shows, and the project index it belongs to. */
  function current(uri: string): { parsed: ParsedDocument; index: WorkspaceIndex } | undefined {
    const document = documents.get(uri);
    if (!document || !formatOf(document)) return undefined;
    workspace.documentChanged(document);
    const project = workspace.project(uri);
    const parsed = project?.index.parsed(uri);
    return project && parsed ? { parsed, index: project.index } : undefined;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (!workspaceFolders.length && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
    workspace.setFolders(workspaceFolders);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['§', '.', ':', ' ', '"', "'", '[', ',', '|'] },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'clause-guide-lsp' },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,md,markdown}' }, { globPattern: `**/${CONFIG_FILE_NAME}` }],
      });
    }
    workspace.indexFolders().catch((error) => connection.console.error(`Clause Guide: indexing failed: ${(error as Error)?.stack ?? error}`));
  });

  connection.onDidChangeConfiguration(() => {
    settingsByResource.clear();
    reportedOfficialTextErrors.clear();
    workspace.settingsChanged().catch((error) => connection.console.error(`Clause Guide: applying settings failed: ${(error as Error)?.stack ?? error}`));
  });
  connection.onDidChangeWatchedFiles((params) => workspace.filesChanged(params.changes));

  documents.onDidOpen((event) => formatOf(event.document) && workspace.documentChanged(event.document));
  documents.onDidChangeContent((event) => formatOf(event.document) && workspace.documentEdited(event.document));
  documents.onDidClose((event) => {
    settingsByResource.delete(event.document.uri);
    workspace.documentClosed(event.document.uri);
  });

  connection.onHover(
    safely(connection, 'hover', null as Hover | null, async (params) => {
      const state = current(params.textDocument.uri);
      if (!state) return null;
      const clauseHover = hoverAt(state.parsed, params.position, catalog, await officialTextFor(params.textDocument.uri));
      if (clauseHover) return { contents: { kind: MarkupKind.Markdown, value: clauseHover.contents }, range: clauseHover.range };
      const id = idAt(state.index, params.textDocument.uri, params.position);
      const idHover = id && idHoverAt(state.index, params.textDocument.uri, params.position);
      return idHover ? { contents: { kind: MarkupKind.Markdown, value: idHover }, range: id.range } : null;
    }),
  );

  connection.onCompletion(
    safely(connection, 'completion', [] as CompletionItem[] | CompletionList, (params): CompletionItem[] | CompletionList => {
      const state = current(params.textDocument.uri);
      if (!state) return [];
      const clauses = completionsAt(state.parsed, params.position, catalog).map((entry) => ({
        label: entry.label,
        kind: CompletionItemKind.Reference,
        detail: entry.detail,
        documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
        textEdit: { range: entry.range, newText: entry.insertText },
        filterText: entry.filterText,
        sortText: entry.sortText,
      }));
      if (clauses.length) return clauses;
      const values = valueCompletionListAt(state.index, state.parsed, params.position, MAX_VALUE_COMPLETIONS);
      const items = values.items.map((entry, index) => ({
        label: entry.label,
        kind: CompletionItemKind.Value,
        detail: entry.detail,
        textEdit: { range: entry.range, newText: entry.label },
        sortText: String(index).padStart(4, '0'),
      }));
      return values.incomplete ? { isIncomplete: true, items } : items;
    }),
  );

  connection.onCodeAction(
    safely(connection, 'codeAction', [] as CodeAction[], (params) => {
      if (!current(params.textDocument.uri)) return [];
      const findings = workspace.findingsFor(params.textDocument.uri);
      const actions: CodeAction[] = [];
      for (const diagnostic of params.context.diagnostics) {
        const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(f.range, diagnostic.range));
        if (finding) actions.push(...toCodeActions(finding, diagnostic));
      }
      return actions;
    }),
  );

  connection.onDefinition(
    safely(connection, 'definition', [] as Location[], (params) => {
      const state = current(params.textDocument.uri);
      return state ? definitionAt(state.index, params.textDocument.uri, params.position) : [];
    }),
  );

  connection.onReferences(
    safely(connection, 'references', [] as Location[], (params) => {
      const state = current(params.textDocument.uri);
      return state ? referencesAt(state.index, params.textDocument.uri, params.position, params.context.includeDeclaration) : [];
    }),
  );

  connection.onPrepareRename(
    safely(connection, 'prepareRename', null as { range: Range; placeholder: string } | null, (params) => {
      const state = current(params.textDocument.uri);
      if (!state) return null;
      const result = prepareRenameAt(state.index, params.textDocument.uri, params.position);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result;
    }, { rethrow: ResponseError }),
  );

  connection.onRenameRequest(
    safely(connection, 'rename', null as WorkspaceEdit | null, (params) => {
      const state = current(params.textDocument.uri);
      if (!state) return null;
      const result = renameAt(state.index, params.textDocument.uri, params.position, params.newName);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return { changes: result.edits };
    }, { rethrow: ResponseError }),
  );

  connection.onDocumentSymbol(
    safely(connection, 'documentSymbol', [] as DocumentSymbol[], (params) => {
      const state = current(params.textDocument.uri);
      return state ? documentSymbols(state.index.model(params.textDocument.uri) ?? null, state.parsed).map(toDocumentSymbol) : [];
    }),
  );

  const listClauses = safely(connection, 'clause list', [] as ClauseSummary[], () =>
    catalog.clauses.map(({ id, title, summary, parent, phase, iec62443_4_1 }) => ({ id, title, summary, parent, phase, iec62443_4_1 })),
  );
  connection.onRequest(ClauseListRequest, (token) => listClauses(undefined, token));

  connection.onRequest(
    ClauseMarkdownRequest,
    safely(connection, 'clause markdown', null as string | null, async (params) => {
      const clause = catalog.get(params.id);
      if (!clause) return null;
      return renderClauseMarkdown(clause, catalog, params.uri ? await officialTextFor(params.uri) : undefined);
    }),
  );

  registerRecords(connection, workspace, catalog);

  documents.listen(connection);
  connection.listen();
}

function resolveAgainstWorkspace(file: string, documentUri: string, folders: string[]): string {
  if (path.isAbsolute(file)) return file;
  const documentPath = URI.parse(documentUri).fsPath;
  const folder = folders.find((candidate) => documentPath.startsWith(candidate + path.sep)) ?? folders[0];
  return path.resolve(folder ?? path.dirname(documentPath), file);
}
