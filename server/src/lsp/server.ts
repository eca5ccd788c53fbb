// The LSP layer: wires protocol events to the engine and does nothing else of substance.
import * as path from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
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
  ParsedDocumentCache,
  checkDocument,
  completionsAt,
  formatOf,
  hoverAt,
  renderClauseMarkdown,
  type Catalog,
  type Finding,
  type OfficialText,
  type ParsedDocument,
} from '../engine';
import { OfficialTextCache } from '../node/resources';
import { sameRange, toCodeActions, toDiagnostic } from './convert';
import { safely } from './safe';

const VALIDATION_DELAY_MS = 120;

export function startServer(connection: Connection, catalog: Catalog): void {
  const documents = new TextDocuments(TextDocument);
  const parsedDocuments = new ParsedDocumentCache();
  const officialTexts = new OfficialTextCache();
  const findingsByUri = new Map<string, { version: number; findings: Finding[] }>();
  const pendingValidation = new Map<string, NodeJS.Timeout>();
  const settingsByResource = new Map<string, Promise<ClauseGuideSettings>>();
  const reportedOfficialTextErrors = new Set<string>();
  let canPullConfiguration = false;
  let workspaceFolders: string[] = [];

  const parsed = (document: TextDocument): ParsedDocument =>
    parsedDocuments.get({ uri: document.uri, languageId: document.languageId, version: document.version, text: document.getText() });

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

  function validate(document: TextDocument): void {
    const findings = checkDocument(parsed(document), catalog);
    findingsByUri.set(document.uri, { version: document.version, findings });
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: findings.map(toDiagnostic) });
  }

  function scheduleValidation(document: TextDocument): void {
    clearTimeout(pendingValidation.get(document.uri));
    // Typing fires a change per keystroke: validate the latest text once the burst settles.
    pendingValidation.set(
      document.uri,
      setTimeout(() => {
        pendingValidation.delete(document.uri);
        const latest = documents.get(document.uri);
        if (!latest) return;
        try {
          validate(latest);
        } catch (error) {
          connection.console.error(`Clause Guide: checking ${latest.uri} failed: ${(error as Error)?.stack ?? error}`);
        }
      }, VALIDATION_DELAY_MS),
    );
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => URI.parse(folder.uri).fsPath);
    if (!workspaceFolders.length && params.rootUri) workspaceFolders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['§', '.', ':', ' ', '"', "'", '['] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'clause-guide-lsp' },
    };
  });

  connection.onDidChangeConfiguration(() => {
    settingsByResource.clear();
    reportedOfficialTextErrors.clear();
  });

  documents.onDidOpen((event) => scheduleValidation(event.document));
  documents.onDidChangeContent((event) => scheduleValidation(event.document));
  documents.onDidClose((event) => {
    clearTimeout(pendingValidation.get(event.document.uri));
    pendingValidation.delete(event.document.uri);
    parsedDocuments.delete(event.document.uri);
    findingsByUri.delete(event.document.uri);
    settingsByResource.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(
    safely(connection, 'hover', null as Hover | null, async (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document || !formatOf(document)) return null;
      const result = hoverAt(parsed(document), params.position, catalog, await officialTextFor(document.uri));
      return result && { contents: { kind: MarkupKind.Markdown, value: result.contents }, range: result.range };
    }),
  );

  connection.onCompletion(
    safely(connection, 'completion', [] as CompletionItem[], (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document || !formatOf(document)) return [];
      return completionsAt(parsed(document), params.position, catalog).map((entry) => ({
        label: entry.label,
        kind: CompletionItemKind.Reference,
        detail: entry.detail,
        documentation: { kind: MarkupKind.Markdown, value: entry.documentation },
        textEdit: { range: entry.range, newText: entry.insertText },
        insertTextFormat: InsertTextFormat.PlainText,
        filterText: entry.filterText,
        sortText: entry.sortText,
      }));
    }),
  );

  connection.onCodeAction(
    safely(connection, 'codeAction', [] as CodeAction[], (params) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const current = findingsByUri.get(document.uri);
      // Fixes are computed with the findings; recheck if the editor asks about a newer version.
      const findings = current && current.version === document.version ? current.findings : checkDocument(parsed(document), catalog);
      const actions: CodeAction[] = [];
      for (const diagnostic of params.context.diagnostics) {
        const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(f.range, diagnostic.range));
        if (finding) actions.push(...toCodeActions(finding, diagnostic));
      }
      return actions;
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

  documents.listen(connection);
  connection.listen();
}

function resolveAgainstWorkspace(file: string, documentUri: string, folders: string[]): string {
  if (path.isAbsolute(file)) return file;
  const documentPath = URI.parse(documentUri).fsPath;
  const folder = folders.find((candidate) => documentPath.startsWith(candidate + path.sep)) ?? folders[0];
  return path.resolve(folder ?? path.dirname(documentPath), file);
}
