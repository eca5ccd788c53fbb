// The VS Code side: starts the language server and wires the features to it. All analysis lives in
// the server (and its engine); each feature module only presents it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerArchitectureDiagram } from './architectureDiagram';
import { registerAuditPackage } from './auditPackage';
import { ClauseDocumentProvider, CLAUSE_SCHEME } from './clauseDocument';
import { RecordCodeLenses } from './codeLens';
import { registerCoverageReport } from './coverageReport';
import { CoverageTree } from './coverageTree';
import { registerFindClause } from './findClause';
import { registerMarkReviewed } from './markReviewed';
import { createLanguageClient } from './languageClient';
import { trackProjectDocument } from './project';
import { registerReleaseReadiness } from './releaseReadiness';
import { registerStatusBar } from './statusBar';
import { Summaries } from './summaries';
import { registerSbomSupport } from './sbomSupport';
import { registerTailoring } from './tailoring';
import { registerTraceabilityExport } from './traceabilityExport';
import { TraceabilityTree } from './traceabilityTree';
import { ComponentsTree } from './componentsTree';
import { registerWalkthrough } from './walkthrough';
import { registerTrustStandIns } from './workspaceTrust';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createLanguageClient(context);
  // Listeners first, so the first summary the server sends after indexing is not missed.
  context.subscriptions.push(trackProjectDocument());
  const summaries = new Summaries(client);
  await client.start();
  context.subscriptions.push(
    client,
    summaries,
    vscode.workspace.registerTextDocumentContentProvider(CLAUSE_SCHEME, new ClauseDocumentProvider(client)),
    registerFindClause(client),
    registerTailoring(client),
    registerCoverageReport(client, context.extensionUri),
    registerTraceabilityExport(client),
    registerArchitectureDiagram(client, context.extensionUri),
    registerReleaseReadiness(client, context.extensionUri),
    registerAuditPackage(client),
    registerSbomSupport(client),
    new CoverageTree(client, summaries),
    new TraceabilityTree(client, summaries),
    new ComponentsTree(client, summaries),
    registerStatusBar(summaries),
    new RecordCodeLenses(summaries).register(),
    registerWalkthrough(),
    registerMarkReviewed(),
    registerTrustStandIns(),
  );
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
