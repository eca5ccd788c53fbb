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
import { URI } from 'vscode-uri';
import { SETTINGS_SECTION, ClauseListRequest, ClauseMarkdownRequest, type ClauseSummary } from '../../../common/protocol';
import {
  completionsAt,
  definitionAt,
  documentSymbols,
  formatOf,
  hoverAt,
  idAt,
  idHoverAt,
  purlHoverAt,
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
import { canonicalUri } from '../node/uri';
import { SHOW_EDITED_FILE_COMMAND, showDocumentParams, toCodeActions, toDocumentSymbol } from './convert';
import { AnalysisScheduler } from './analysisScheduler';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { EditorDocument } from './editorDocument';
import { FolderSettings } from './folderSettings';
import { documentEvents, inDocument } from './clientUris';
import { registerRecords } from './records';
import { safely } from './safe';
import { WorkspaceFiles } from './workspaceFiles';

/** Value completions past this many (thousands of threat ids) are narrowed to what is typed and marked incomplete. */
const MAX_VALUE_COMPLETIONS = 200;

export function startServer(connection: Connection, catalog: Catalog): void {
  // Open documents as lines, so a burst of incremental changes costs what it touches (see EditorDocument).
  const documents = new TextDocuments({ create: EditorDocument.create, update: EditorDocument.update });
  const officialTexts = new OfficialTextCache();
  const reportedOfficialTextErrors = new Set<string>();
  let canPullConfiguration = false;
  let canWatchFiles = false;
  /** The client shows a document when asked (window/showDocument): fixes that edit another file then show it. */
  let canShowDocuments = false;
  // The parts (docs/design.md, "Parts"): the folders and their settings; every file of them, from
  // disk or the editor, in projects; when analysis runs; what the editor was told.
  const settings = new FolderSettings({
    // A client that cannot be asked gets the defaults (normalizeSettings of nothing).
    fetch: (scopeUri) => (canPullConfiguration ? connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION }) : Promise.resolve(undefined)),
    warn: (message) => connection.console.warn(message),
  });
  const publisher = new DiagnosticsPublisher(connection);
  const files = new WorkspaceFiles(settings, documents, connection.console, {
    changed: (project) => scheduler.schedule(project),
    removed: (uri) => publisher.clear(uri),
  });
  const scheduler = new AnalysisScheduler(catalog, files, settings, publisher, connection.console);

  async function officialTextFor(uri: string): Promise<OfficialText | undefined> {
    const { clauseTextFile } = await settings.forResource(uri);
    if (!clauseTextFile) return undefined;
    const file = resolveAgainstWorkspace(clauseTextFile, uri, settings);
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
    files.sync(uri);
    const project = files.project(uri);
    const parsed = project?.index.parsed(uri);
    return project && parsed ? { parsed, index: project.index } : undefined;
  }

  /**
   * An evidence file (an SBOM, a scanner report, VEX: JSON or XML) as the index read it from disk:
   * the server reads those files itself and does not follow the editor's unsaved text, so hover in
   * them answers for the saved file (it is re-read when the watcher reports a save).
   */
  function savedEvidence(uri: string): { parsed: ParsedDocument; index: WorkspaceIndex } | undefined {
    const project = files.project(uri);
    const parsed = project?.index.parsed(uri);
    return project && parsed?.evidence ? { parsed, index: project.index } : undefined;
  }

  /** Hover on an id (what it names), else on a purl that is no id here (a scanner's artifact, a VEX product, a purl in a document). */
  function itemHover({ parsed, index }: { parsed: ParsedDocument; index: WorkspaceIndex }, uri: string, position: { line: number; character: number }): Hover | null {
    const id = idAt(index, uri, position);
    const idHover = id && idHoverAt(index, uri, position);
    if (idHover) return { contents: { kind: MarkupKind.Markdown, value: idHover }, range: id.range };
    const purl = purlHoverAt(index, parsed, position);
    return purl ? { contents: { kind: MarkupKind.Markdown, value: purl.contents }, range: purl.range } : null;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canShowDocuments = !!params.capabilities.window?.showDocument?.support;
    let folders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (!folders.length && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    settings.setFolders(folders);
    files.foldersChanged();
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
        executeCommandProvider: { commands: [SHOW_EDITED_FILE_COMMAND] },
      },
      serverInfo: { name: 'clause-guide-lsp' },
    };
  });

  /** The first reading of the folders and their evidence files (set once the client is initialized); reports wait for all of it. */
  let firstReading: Promise<void> = Promise.resolve();

  connection.onInitialized(() => {
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,md,markdown,json,xml}' }, { globPattern: `**/${CONFIG_FILE_NAME}` }],
      });
    }
    // The documents first (their diagnostics are published), then the evidence files (see WorkspaceFiles.readEvidence).
    firstReading = scheduler
      .during(() => files.readFolders())
      .then(() => scheduler.during(() => files.readEvidence()))
      .catch((error) => connection.console.error(`Clause Guide: indexing failed: ${(error as Error)?.stack ?? error}`));
  });

  /**
   * Settings changed: read them again. When what is read from disk changed (checkWorkspace,
   * maxFileSize), the folders are read again; rule overrides only re-analyse.
   */
  async function applySettings(): Promise<void> {
    const reading = settings.readingKey();
    const rules = settings.rulesKey();
    await settings.load();
    if (settings.readingKey() !== reading) await scheduler.during(() => files.reread());
    else if (settings.rulesKey() !== rules) scheduler.scheduleAll();
  }
  const settingsFailed = (error: unknown) => connection.console.error(`Clause Guide: applying settings failed: ${(error as Error)?.stack ?? error}`);
  connection.onDidChangeConfiguration(() => {
    settings.changed();
    reportedOfficialTextErrors.clear();
    applySettings().catch(settingsFailed);
  });
  // A client that answered after the wait: apply what it sent.
  settings.onLateSettings(() => applySettings().catch(settingsFailed));
  connection.onDidChangeWatchedFiles((params) => files.filesChanged(params.changes.map((change) => ({ ...change, uri: canonicalUri(change.uri) }))));

  // TextDocuments reports an open as a change too: one handler sees each open once.
  documents.onDidChangeContent((event) => formatOf(event.document) && files.documentEdited(event.document));
  documents.onDidClose((event) => {
    settings.forget(event.document.uri);
    files.documentClosed(event.document.uri);
  });

  connection.onHover(
    safely(connection, 'hover', null as Hover | null, inDocument(async (params) => {
      const state = current(params.textDocument.uri);
      if (!state) {
        const evidence = savedEvidence(params.textDocument.uri);
        return evidence ? itemHover(evidence, params.textDocument.uri, params.position) : null;
      }
      const clauseHover = hoverAt(state.parsed, params.position, catalog, await officialTextFor(params.textDocument.uri));
      if (clauseHover) return { contents: { kind: MarkupKind.Markdown, value: clauseHover.contents }, range: clauseHover.range };
      return itemHover(state, params.textDocument.uri, params.position);
    })),
  );

  connection.onCompletion(
    safely(connection, 'completion', [] as CompletionItem[] | CompletionList, inDocument((params): CompletionItem[] | CompletionList => {
      const state = current(params.textDocument.uri);
      if (!state) return [];
      const clauses = completionsAt(state.parsed, params.position, catalog).map((entry) => ({
        label: entry.label,
        labelDetails: { description: entry.description },
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
        textEdit: { range: entry.range, newText: entry.insertText },
        filterText: entry.filterText,
        sortText: String(index).padStart(4, '0'),
      }));
      return values.incomplete ? { isIncomplete: true, items } : items;
    })),
  );

  connection.onCodeAction(
    safely(connection, 'codeAction', [] as CodeAction[], inDocument((params) => {
      if (!current(params.textDocument.uri)) return [];
      return toCodeActions(scheduler.findingsFor(params.textDocument.uri), params.context.diagnostics, { uri: params.textDocument.uri, showEdits: canShowDocuments });
    })),
  );

  // The command a code action runs after an edit to another file: show that file (convert.ts editedElsewhere).
  connection.onExecuteCommand(
    safely(connection, 'executeCommand', null, async (params) => {
      const shown = params.command === SHOW_EDITED_FILE_COMMAND ? showDocumentParams(params.arguments?.[0]) : undefined;
      if (shown && canShowDocuments) await connection.window.showDocument(shown);
      return null;
    }),
  );

  connection.onDefinition(
    safely(connection, 'definition', [] as Location[], inDocument((params) => {
      const state = current(params.textDocument.uri);
      return state ? definitionAt(state.index, params.textDocument.uri, params.position) : [];
    })),
  );

  connection.onReferences(
    safely(connection, 'references', [] as Location[], inDocument((params) => {
      const state = current(params.textDocument.uri);
      return state ? referencesAt(state.index, params.textDocument.uri, params.position, params.context.includeDeclaration) : [];
    })),
  );

  connection.onPrepareRename(
    safely(connection, 'prepareRename', null as { range: Range; placeholder: string } | null, inDocument((params) => {
      const state = current(params.textDocument.uri);
      if (!state) return null;
      const result = prepareRenameAt(state.index, params.textDocument.uri, params.position);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result;
    }), { rethrow: ResponseError }),
  );

  connection.onRenameRequest(
    safely(connection, 'rename', null as WorkspaceEdit | null, inDocument((params) => {
      const state = current(params.textDocument.uri);
      if (!state) return null;
      const result = renameAt(state.index, params.textDocument.uri, params.position, params.newName);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return { changes: result.edits };
    }), { rethrow: ResponseError }),
  );

  connection.onDocumentSymbol(
    safely(connection, 'documentSymbol', [] as DocumentSymbol[], inDocument((params) => {
      const state = current(params.textDocument.uri);
      return state ? documentSymbols(state.index.model(params.textDocument.uri) ?? null, state.parsed).map(toDocumentSymbol) : [];
    })),
  );

  const listClauses = safely(connection, 'clause list', [] as ClauseSummary[], () =>
    catalog.clauses.map(({ id, title, summary, parent, phase, iec62443_4_1, keywords }) => ({ id, title, summary, parent, phase, iec62443_4_1, keywords: keywords ?? [] })),
  );
  connection.onRequest(ClauseListRequest, (token) => listClauses(undefined, token));

  connection.onRequest(
    ClauseMarkdownRequest,
    safely(connection, 'clause markdown', null as string | null, async (params) => {
      const clause = catalog.get(params.id);
      if (!clause) return null;
      return renderClauseMarkdown(clause, catalog, params.uri ? await officialTextFor(canonicalUri(params.uri)) : undefined);
    }),
  );

  registerRecords(connection, {
    whenIndexed: async () => {
      // The first reading is two steps (documents, then evidence files): a report between them would miss the evidence.
      await firstReading;
      await scheduler.whenRead();
      files.syncEdited();
    },
    allProjects: () => files.allProjects(),
    project: (uri) => files.project(uri),
    currentFindings: () => scheduler.currentFindings(),
    recentRecordChecker: (root) => scheduler.recordCheckerFor(root),
    suppressedFindings: (project) => scheduler.suppressedFindings(project),
    onDidAnalyze: (listener) => scheduler.onDidAnalyze(listener),
  }, catalog);

  documents.listen(documentEvents(connection));
  connection.listen();
}

function resolveAgainstWorkspace(file: string, documentUri: string, settings: FolderSettings): string {
  if (path.isAbsolute(file)) return file;
  const documentPath = URI.parse(documentUri).fsPath;
  const folder = settings.folderOf(documentPath) ?? settings.folders[0];
  return path.resolve(folder ?? path.dirname(documentPath), file);
}
