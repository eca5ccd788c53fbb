// Bursts of incremental edits (issue 12): 4,000 changes adding 1.8 MB to a document used to
// leave the server unresponsive for a minute, as each queued change re-ran a full analysis. Now the
// changes are applied as they arrive and analysis runs on the latest text only: a request sent
// right behind the burst is answered from the final text, and within a bounded wait. Typing in a
// large document faster than it is analysed: a hover behind a flurry of keys waits for one or two
// analyses, not one per key, and the last version's diagnostics are published.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification, DocumentSymbolRequest, HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';

describe('clause-guide-lsp: a burst of incremental edits', function () {
  this.timeout(120000);
  let root: string;
  let server: LspSession;
  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-burst-'));
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    server = await startServer({ workspaceFolders: [pathToFileURL(root).href], nodeOptions: process.env.BURST_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BURST_PROFILE}`] : [] });
  });
  after(async () => {
    await server.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers a request behind 4,000 changes that add 1.8 MB, from the final text', async () => {
    const uri = pathToFileURL(path.join(root, 'threats.yaml')).href;
    const text = 'kind: threat-model\nthreats:\n  - id: TH-0\n    title: Replay\n';
    server.open(uri, 'yaml', text, 1);
    await server.flushed(uri);
    // As a paste arrives from some clients: one change per line, each appending a 450-character line at the end.
    const changes = Number(process.env.BURST_CHANGES ?? 4000);
    const lineCount = 4;
    for (let i = 0; i < changes; i++) {
      const position = { line: lineCount + i, character: 0 };
      void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: position, end: position }, text: `# note ${String(i).padStart(5, '0')} ${'x'.repeat(435)}\n` }],
      });
    }
    // The last change renames the threat: the answer must come from the text after it.
    const renamed = { start: { line: 2, character: 8 }, end: { line: 2, character: 12 } };
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: changes + 2 },
      contentChanges: [{ range: renamed, text: 'TH-LAST' }],
    });
    const started = Date.now();
    type Named = { name: string; detail?: string; children?: Named[] };
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as Named[];
    const waited = Date.now() - started;
    const names = symbols.flatMap((symbol) => symbol.children ?? []).map((symbol) => symbol.name);
    assert.deepEqual(names, ['TH-LAST'], 'the answer comes from the text after the last change');
    // A bounded wait, not a timing target: before the fix this took over a minute.
    assert.ok(waited < 60000, `answered in ${waited} ms`);
    assert.equal(server.process.exitCode, null);
  });

  it('typing in a large threat model faster than it is analysed: hovers are answered between analyses from the text as typed, analyses coalesce, the last version is published', async function () {
    // Bounded by the waits below, each a few analyses of this document (each re-parses it whole):
    // about 3 s unloaded, 10-20 s under a load of 12 on 2 cores. The 2 MB version of this test
    // took 33 s unloaded and over ten minutes at load 25; the property needs no such size, only
    // keys that come faster than one analysis, which a flurry of keys sent at once always does.
    this.timeout(60000);
    const uri = pathToFileURL(path.join(root, 'big-threats.yaml')).href;
    const threats = Number(process.env.TYPING_THREATS ?? 1200);
    const lines = ['kind: threat-model', 'threats:'];
    for (let i = 0; i < threats; i++) {
      lines.push(`  - id: TH-${i}`, `    title: Tampering with the pump's dose command number ${i} over the home network link`, '    risk: low', '    stride: [tampering]', `    description: ${'An attacker on the same network alters a command in transit. '.repeat(2)}`);
    }
    lines.push('');
    const text = lines.join('\n');
    server.open(uri, 'yaml', text, 1);
    await server.diagnostics(uri, () => true, 30000);
    const publishesOf = () => server.published.filter((p) => p.uri === uri);
    const before = publishesOf().length;

    // Typing at the start of the first threat's title (hover and symbols show a title's start), one key per change.
    const titleStart = { line: 3, character: '    title: '.length };
    let typed = 0;
    const key = () => {
      const position = { line: titleStart.line, character: titleStart.character + typed };
      typed++;
      void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: typed + 1 },
        contentChanges: [{ range: { start: position, end: position }, text: 'z' }],
      });
    };
    const rounds = 5;
    const flurry = 8;
    const hovers: { typed: number; analysesWaited: number; text: string }[] = [];
    for (let round = 0; round < rounds; round++) {
      // A flurry of keys, then a hover on the threat's id. One analysis per change would make the
      // hover wait for all eight; coalesced, it waits at most for the analysis that was running,
      // one that started as the keys came in, and a publish still on its way, and is answered from
      // the text as typed.
      for (let k = 0; k < flurry; k++) key();
      const versionsBefore = new Set(publishesOf().map((p) => p.version));
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 9 } });
      hovers.push({ typed, analysesWaited: publishesOf().filter((p) => !versionsBefore.has(p.version)).length, text: (hover?.contents as MarkupContent | undefined)?.value ?? '' });
    }
    // The last change makes the first threat's risk invalid: the diagnostics of the last version must say so.
    const lastVersion = typed + 2;
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: lastVersion },
      contentChanges: [{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 13 } }, text: 'lwo' }],
    });
    const final = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'invalid-value' && x.range.start.line === 4), 30000);
    const publishes = publishesOf().slice(before);
    console.log(`      ${typed + 1} changes to a ${(text.length / 1e6).toFixed(2)} MB document in flurries of ${flurry}: ${publishes.length} publishes; the hovers waited for ${hovers.map((h) => h.analysesWaited).join(', ')} analyses`);

    for (const hover of hovers) {
      assert.match(hover.text, new RegExp(`TH-0\\*\\* — z{${hover.typed}}Tampering`), `the hover after ${hover.typed} keys shows the title as typed`);
      assert.ok(hover.analysesWaited <= 3, `the hover after ${hover.typed} keys waited for ${hover.analysesWaited} analyses`);
    }
    assert.equal(publishes.at(-1)!.version, lastVersion, 'the latest publish is of the last version');
    assert.ok(final.some((d) => d.code === 'invalid-value' && /lwo/.test(String(d.message))), 'from the last text');
    for (let i = 1; i < publishes.length; i++) assert.ok(publishes[i].version! >= publishes[i - 1].version!, 'versions never go backwards');
    // Coalesced: far fewer analyses than changes (one per change is what froze the server).
    assert.ok(publishes.length <= (typed + 1) / 3, `${publishes.length} publishes for ${typed + 1} changes`);
    // The server's text is the text typed: the title as the symbols show it.
    type Named = { name: string; detail?: string; children?: Named[] };
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as Named[];
    const first = symbols.flatMap((symbol) => symbol.children ?? [])[0];
    assert.equal(first.name, 'TH-0');
    assert.match(first.detail ?? '', new RegExp(`^z{${typed}}Tamp`));
    assert.equal(server.process.exitCode, null);
  });
});
