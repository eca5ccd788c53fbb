// Evidence files over LSP: the server reads an SBOM from disk as the CLI does, reports an invalid
// one where the schema says, and reads it again when the watcher says it changed (and only then).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { startServer } from '../support/lspClient';

const bom = (type: string) =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type, name: 'lodash', version: '4.17.21', purl: 'pkg:npm/lodash@4.17.21' }] }, null, 2);

describe('evidence files over LSP', function () {
  this.timeout(30000);
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('reports an SBOM that breaks its schema at the place named, and clears it when the file is fixed on disk', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-evidence-'));
    cleanup.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const bomPath = path.join(folder, 'bom.json');
    fs.writeFileSync(bomPath, bom('lib'));
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    cleanup.push(() => server.close());
    const uri = pathToFileURL(bomPath).href;

    const invalid = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'evidence-file-invalid'));
    const finding = invalid.find((d) => d.code === 'evidence-file-invalid')!;
    assert.match(String(finding.message), /`\/components\/0\/type` must be one of/);
    assert.equal(bom('lib').split('\n')[finding.range.start.line].trim(), '"type": "lib",');

    fs.writeFileSync(bomPath, bom('library'));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
    await server.diagnostics(uri, (d) => !d.some((x) => x.code === 'evidence-file-invalid'));

  });
});
