// Editor settings that are missing or malformed never cost the user the server: a client that
// never answers `workspace/configuration` gets diagnostics and hovers with the defaults, and a
// setting of the wrong type falls back to its default instead of breaking a feature.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Hover, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { fixture, testCatalog } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';

/** A request that must be answered within `ms` (a hang fails the test instead of stalling it). */
function within<T>(ms: number, request: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} not answered within ${ms} ms`)), ms)));
  return Promise.race([request, deadline]).finally(() => clearTimeout(timer));
}

async function hoverOn521(server: LspSession, uri: string): Promise<Hover | null> {
  const { text, cursors } = fixture('# Plan\nWe meet §5.2‸.1 in full.\n');
  server.open(uri, 'markdown', text);
  return within(8000, server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: cursors[0] }), 'hover');
}

describe('editor settings over LSP', function () {
  this.timeout(30000);
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('gives diagnostics and hovers with the default settings to a client that never answers workspace/configuration', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-silent-'));
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    fs.writeFileSync(path.join(folder, 'threats.yaml'), 'kind: threat-model\nclauses: ["7.9"]\nthreats:\n  - id: TH-1\n    title: Spoofing\n');
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href], answerConfiguration: false });
    cleanup.push(() => server.close());
    const diagnostics = await server.diagnostics(pathToFileURL(path.join(folder, 'threats.yaml')).href, (d) => d.some((x) => x.code === 'unknown-clause'), 8000);
    assert.ok(diagnostics.length > 0);
    const hover = await hoverOn521(server, pathToFileURL(path.join(folder, 'plan.md')).href);
    assert.ok((hover?.contents as MarkupContent).value.includes(testCatalog().get('5.2.1')!.title));
  });

  for (const clauseTextFile of [['iec.yaml'], { path: 'iec.yaml' }, 42]) {
    it(`hovers with the default (no official text) when clauseGuide.clauseTextFile is ${JSON.stringify(clauseTextFile)}`, async () => {
      const server = await startServer({ settings: { clauseTextFile, rules: ['off'], checkWorkspace: 'yes', maxFileSize: {} } });
      cleanup.push(() => server.close());
      const hover = await hoverOn521(server, 'file:///ws/plan.md');
      assert.ok((hover?.contents as MarkupContent | undefined)?.value.includes(testCatalog().get('5.2.1')!.title), 'the hover is not empty');
    });
  }
});
