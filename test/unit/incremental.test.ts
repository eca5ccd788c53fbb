// Incremental analysis in the server's workspace state: an edit re-parses the edited document
// only, document rules re-run for it only, diagnostics are re-sent only for files whose findings
// changed, and a burst of edits is parsed once.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES, type DocumentRule, type SourceDocument } from '../../server/src/engine';
import * as documentModule from '../../server/src/engine/document';
import { AnalysisScheduler } from '../../server/src/lsp/analysisScheduler';
import { DiagnosticsPublisher } from '../../server/src/lsp/diagnosticsPublisher';
import { FolderSettings } from '../../server/src/lsp/folderSettings';
import { WorkspaceFiles } from '../../server/src/lsp/workspaceFiles';
import { testCatalog } from '../support/fixtures';

const FILES = {
  '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n',
  'threat-model.yaml': 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Spoofing\n    residual_risk: low\n  - id: TH-002\n    title: Tampering\n    residual_risk: low\n',
  'requirements.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    threats: [TH-001]\n',
  'architecture.yaml': 'kind: security-architecture\nlayers: [network]\ncontrols:\n  - id: CTL-1\n    layer: network\n    mitigates: [TH-001, TH-002]\n    safety_impact: none\n',
};

/** A connection that records what the workspace state sends. */
function fakeConnection() {
  const sent: { uri: string; version?: number; count: number }[] = [];
  const log = (): void => {};
  const connection = {
    console: { info: log, warn: log, error: (message: string) => assert.fail(`logged an error: ${message}`), log },
    sendDiagnostics: async (params: { uri: string; version?: number; diagnostics: unknown[] }) => {
      sent.push({ uri: params.uri, version: params.version, count: params.diagnostics.length });
    },
  };
  return { connection: connection as unknown as Connection, sent };
}

/** Counts parses by uri, by wrapping the engine's parser where the parse cache calls it. */
function countParses(): { byUri: Map<string, number>; total(): number; restore(): void } {
  const original = documentModule.parseSourceDocument;
  const byUri = new Map<string, number>();
  (documentModule as { parseSourceDocument: typeof original }).parseSourceDocument = (source: SourceDocument) => {
    byUri.set(source.uri, (byUri.get(source.uri) ?? 0) + 1);
    return original(source);
  };
  return {
    byUri,
    total: () => [...byUri.values()].reduce((a, b) => a + b, 0),
    restore: () => ((documentModule as { parseSourceDocument: typeof original }).parseSourceDocument = original),
  };
}

/** Records which document each document rule is run on. */
function countDocumentRuleRuns(): { uris: string[]; restore(): void } {
  const uris: string[] = [];
  const documentRules = RULES.filter((rule): rule is DocumentRule => rule.scope === 'document');
  const originals = documentRules.map((rule) => rule.check);
  documentRules.forEach((rule, i) => {
    rule.check = (context) => {
      uris.push(context.document.source.uri);
      return originals[i].call(rule, context);
    };
  });
  return { uris, restore: () => documentRules.forEach((rule, i) => (rule.check = originals[i])) };
}

describe('incremental analysis (server workspace state)', () => {
  let root: string;
  let open: Map<string, TextDocument>;
  let files: WorkspaceFiles;
  let scheduler: AnalysisScheduler;
  let sent: ReturnType<typeof fakeConnection>['sent'];
  let parses: ReturnType<typeof countParses>;
  const uri = (name: string) => pathToFileURL(path.join(root, name)).href;

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-incremental-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(root, name), text);
    const fake = fakeConnection();
    sent = fake.sent;
    open = new Map();
    // The server's parts, wired as server.ts wires them.
    const settings = new FolderSettings(undefined);
    settings.setFolders([root]);
    const publisher = new DiagnosticsPublisher(fake.connection);
    files = new WorkspaceFiles(settings, open, fake.connection.console, { changed: (project) => scheduler.schedule(project), removed: (uri) => publisher.clear(uri) });
    scheduler = new AnalysisScheduler(testCatalog(), files, settings, publisher, fake.connection.console);
    parses = countParses();
    await scheduler.during(() => files.readFolders());
  });
  afterEach(() => {
    scheduler.cancel();
    parses.restore();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Opens (or edits) a document the way the server's handlers do, and runs the pending analysis. */
  const edit = (name: string, text: string, version: number) => {
    const document = TextDocument.create(uri(name), 'yaml', version, text);
    open.set(document.uri, document);
    files.documentEdited(document);
    return scheduler.findingsFor(document.uri);
  };

  it('parses each file once when indexing, then re-parses only the edited document', () => {
    assert.deepEqual([...parses.byUri.values()], [1, 1, 1], 'three documents, one parse each');
    parses.byUri.clear();
    const rules = countDocumentRuleRuns();
    try {
      edit('requirements.yaml', FILES['requirements.yaml'].replace('[TH-001]', '[TH-001, TH-002]'), 1);
      assert.deepEqual([...parses.byUri.entries()], [[uri('requirements.yaml'), 1]]);
      assert.ok(rules.uris.length > 0);
      assert.deepEqual([...new Set(rules.uris)], [uri('requirements.yaml')], 'document rules of the other files come from cache');
    } finally {
      rules.restore();
    }
  });

  it('re-sends diagnostics only for files whose findings changed', () => {
    const initial = new Map(sent.map((s) => [s.uri, s.count]));
    assert.ok(initial.get(uri('requirements.yaml')), 'the requirements have findings (missing phases)');
    sent.length = 0;

    // Only the requirements' own findings change: an unknown clause in them.
    edit('requirements.yaml', FILES['requirements.yaml'] + 'clauses: ["7.9"]\n', 1);
    assert.deepEqual(sent.map((s) => s.uri), [uri('requirements.yaml')]);
    assert.equal(sent[0].version, 1, 'an open document is published with its version');
    sent.length = 0;

    // Removing TH-002 changes the architecture's findings (an unknown reference), not the threat model's own.
    const threats = 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Spoofing\n    residual_risk: low\n';
    edit('threat-model.yaml', threats, 1);
    assert.deepEqual(sent.map((s) => s.uri), [uri('architecture.yaml')]);
    sent.length = 0;

    // The same findings again (a comment added): nothing is sent.
    edit('threat-model.yaml', threats + '# reviewed\n', 2);
    assert.deepEqual(sent, []);
  });

  it('parses a burst of 100 edits once, when the analysis runs', () => {
    parses.byUri.clear();
    let text = FILES['requirements.yaml'];
    for (let version = 1; version <= 100; version++) {
      text += `# keystroke ${version}\n`;
      const document = TextDocument.create(uri('requirements.yaml'), 'yaml', version, text);
      open.set(document.uri, document);
      files.documentEdited(document);
    }
    assert.equal(parses.total(), 0, 'typing does not parse');
    scheduler.findingsFor(uri('requirements.yaml'));
    assert.deepEqual([...parses.byUri.entries()], [[uri('requirements.yaml'), 1]]);
    assert.equal(files.parsed(uri('requirements.yaml'))!.source.version, 100);
  });
});
