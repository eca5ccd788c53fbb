import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, fixture, REPO_ROOT, testCatalog } from '../support/fixtures';
import { SERVER_NODE_OPTIONS } from '../../common/protocol';
import { startServer, type LspSession } from '../support/lspClient';

const items = (result: CompletionItem[] | CompletionList | null) => (Array.isArray(result) ? result : result?.items ?? []);

describe('clause-guide-lsp over stdio', function () {
  this.timeout(20000);
  let server: LspSession;
  const clauseTextFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cg-lsp-')), 'iec.yaml');
  fs.writeFileSync(clauseTextFile, '"5.8.5": Licensed wording for five-eight-five.\n');

  before(async () => {
    server = await startServer({ settings: { clauseTextFile } });
  });
  after(async () => server?.close());

  it('hovers §5.2.1 with its title and a summary naming the four life-cycle phases', async () => {
    const { text, cursors } = fixture('# Plan\nWe meet §5.2‸.1 in full.\n');
    server.open('file:///ws/plan.md', 'markdown', text);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/plan.md' }, position: cursors[0] });
    const value = (hover!.contents as MarkupContent).value;
    assert.ok(value.includes(testCatalog().get('5.2.1')!.title));
    for (const phase of ['installation', 'operation', 'maintenance', 'decommissioning']) assert.match(value, new RegExp(phase));
    assert.deepEqual(hover!.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 14 } });
  });

  it('hovers every clause of the catalog with its official title', async () => {
    const clauses = testCatalog().clauses.filter((c) => /\d/.test(c.id));
    const text = clauses.map((c) => `- §${c.id}`).join('\n');
    server.open('file:///ws/all.md', 'markdown', text);
    const hovers = await Promise.all(
      clauses.map((_, line) =>
        server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/all.md' }, position: { line, character: 4 } }),
      ),
    );
    hovers.forEach((hover, i) => assert.ok((hover?.contents as MarkupContent).value.includes(clauses[i].title), clauses[i].id));
  });

  it('shows the official text from the file named in the settings it pulls per resource', async () => {
    server.open('file:///ws/release.md', 'markdown', 'Gate: 81001-5-1:5.8.5\n');
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/release.md' }, position: { line: 0, character: 18 } });
    assert.match((hover!.contents as MarkupContent).value, /Licensed wording for five-eight-five/);
  });

  it('completes exactly 5.3.1, 5.3.2, 5.3.3 after §5.3.', async () => {
    const { text, cursors } = fixture('Defense in depth: §5.3.‸');
    server.open('file:///ws/design.md', 'markdown', text);
    const result = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: 'file:///ws/design.md' }, position: cursors[0] });
    assert.deepEqual(items(result).map((item) => item.label), ['5.3.1', '5.3.2', '5.3.3']);
    assert.equal(items(result)[0].detail, testCatalog().get('5.3.1')!.title);
    // The title on every row, not only on the selected one (issue 12).
    assert.equal(items(result)[0].labelDetails?.description, testCatalog().get('5.3.1')!.title);
    assert.match(items(result)[0].filterText ?? '', /^5\.3\.1 Defense-in-depth/);
  });

  it('publishes unknown-clause, offers the nearest number as a quick fix, and clears once it is applied', async () => {
    const uri = 'file:///ws/plan.yaml';
    const text = 'kind: lifecycle-plan\nclauses: ["5.3.9"]\n';
    server.open(uri, 'yaml', text);
    const all = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-clause'));
    const diagnostics = all.filter((d) => d.code === 'unknown-clause');
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0].range, { start: { line: 1, character: 11 }, end: { line: 1, character: 16 } });

    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred)!;
    assert.match(preferred.title, /5\.3\.3/);
    const fixed = applyEdits(text, preferred.edit!.changes![uri]);
    assert.equal(fixed, 'kind: lifecycle-plan\nclauses: ["5.3.3"]\n');
    server.change(uri, fixed, 2);
    const after = await server.diagnostics(uri, (d) => !d.some((x) => x.code === 'unknown-clause'));
    assert.ok(after.length > 0, 'set-level findings (e.g. clause-uncovered) remain');
  });

  it('clause-uncovered offers Show Coverage and Plan tailoring as code actions: commands of the extension, or the planned entries as an edit', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const contributed = new Set(manifest.contributes.commands.map((command: { command: string }) => command.command));
    // No tailoring record yet: planning is Generate Tailoring Record, which creates one. The one
    // finding of the project sits on its first document (a lifecycle plan, else any).
    server.open('file:///ws/tm.yaml', 'yaml', 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay\n');
    const latest = await server.settle((byUri) => [...byUri.values()].some((list) => list.some((d) => d.code === 'clause-uncovered')));
    const [uri, list] = [...latest].find(([, ds]) => ds.some((d) => d.code === 'clause-uncovered'))!;
    const diagnostics = list.filter((d) => d.code === 'clause-uncovered');
    assert.equal(diagnostics.length, 1, 'one finding per project');
    const first = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } })) as CodeAction[];
    const show = first.find((action) => action.command?.command === 'clauseGuide.showCoverage');
    assert.ok(show, JSON.stringify(first.map((action) => action.title)));
    assert.equal(show.edit, undefined, 'opening the view edits nothing');
    const generate = first.find((action) => /^Plan tailoring…/.test(action.title));
    assert.equal(generate?.command?.command, 'clauseGuide.generateTailoringRecord');
    for (const action of [show, generate!]) assert.ok(contributed.has(action.command!.command), `${action.command!.command} is a command of the extension`);
    // With a record: the planned entries are an edit of it (undecided, so pending).
    const record = 'kind: tailoring-record\napprovers:\n  - name: Dana Ruiz\n    security_expertise: CSSLP\nentries:\n  - clause: "5.4.1"\n    decision: not-applicable\n    justification: No custom interfaces in this product line.\n    approved_by: Dana Ruiz\n    date: 2026-10-01\n';
    server.open('file:///ws/tailoring.yaml', 'yaml', record);
    const second = await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: 'file:///ws/tailoring.yaml' },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
      context: { diagnostics: (await server.diagnostics('file:///ws/tailoring.yaml', (d) => d.some((x) => x.code === 'clause-uncovered'))).filter((d) => d.code === 'clause-uncovered') },
    }) as CodeAction[];
    const plan = second.find((action) => /^Plan tailoring: add undecided entries/.test(action.title));
    assert.ok(plan?.edit?.changes?.['file:///ws/tailoring.yaml'], JSON.stringify(second.map((action) => action.title)));
    assert.ok(second.some((action) => action.command?.command === 'clauseGuide.showCoverage'));
  });

  it('keeps answering after bad input', async () => {
    server.open('file:///ws/broken.yaml', 'yaml', 'kind: threat-model\nthreats: [\u0000\u0001 &a [*a, *a\n');
    const diagnostics = await server.diagnostics('file:///ws/broken.yaml', (d) => d.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'syntax-error'));
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/plan.md' }, position: { line: 1, character: 10 } });
    assert.ok(hover);
  });
});

describe('clause-guide-lsp with the node options of the VS Code client', () => {
  it('starts, publishes diagnostics and answers hover (node refuses to start on an option it does not know)', async () => {
    const server = await startServer({ nodeOptions: SERVER_NODE_OPTIONS });
    try {
      server.open('file:///ws/tailoring.yaml', 'yaml', 'kind: tailoring-record\nentries:\n  - id: TL-1\n    clause: "9.9.9"\n');
      const diagnostics = await server.diagnostics('file:///ws/tailoring.yaml', (d) => d.length > 0);
      assert.ok(diagnostics.some((d) => d.code === 'unknown-clause'), JSON.stringify(diagnostics));
      server.open('file:///ws/plan.md', 'markdown', 'See §5.2.1 for the plan.\n');
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///ws/plan.md' }, position: { line: 0, character: 6 } });
      assert.match(JSON.stringify(hover), /5\.2\.1/);
    } finally {
      await server.close();
    }
  });
});

describe('a server that cannot start', () => {
  it('fails the start at once with what node printed, not by a timeout', async () => {
    const started = Date.now();
    await assert.rejects(startServer({ nodeOptions: ['--no-such-node-option'] }), /exited while starting \(exit code 9\).*bad option: --no-such-node-option/s);
    assert.ok(Date.now() - started < 5000, `it took ${Date.now() - started} ms`);
  });
});

describe('clause-guide-lsp command line', () => {
  it('explains its usage and exits 2 without a transport', () => {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'clause-guide-lsp.js')], { encoding: 'utf8', timeout: 10000 });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Usage: clause-guide-lsp --stdio/);
  });
});
