// "Write SBOM Support Addendum" over real LSP stdio: the server plans the same sidecar entries and
// addendum as `clause-guide sbom-support`; applying its edits keeps every hand-written byte, and
// once the editor holds the merged sidecar a second request adds nothing.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SbomSupportRequest } from '../../common/protocol';
import { applyTextEdits } from '../../server/src/engine';
import { REPO_ROOT } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';

const HAND_WRITTEN = [
  '# Support data kept by Product Security.',
  'components:',
  '  "pkg:generic/sqlite@3.45.1":   # the vendor letter of 2026-10',
  '    support_level: actively maintained',
  '    end_of_support: 2050-05-31',
  '',
].join('\n');

const bom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  components: [
    { type: 'library', name: 'paho-mqtt-c', version: '1.3.13', purl: 'pkg:github/eclipse/paho.mqtt.c@1.3.13' },
    { type: 'library', name: 'sqlite', version: '3.45.1', purl: 'pkg:generic/sqlite@3.45.1', supplier: { name: 'SQLite Consortium' } },
  ],
};

describe('SBOM support addendum over LSP', function () {
  this.timeout(60000);
  let server: LspSession | undefined;
  let folder: string;
  afterEach(async () => {
    await server?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('plans the CLI\'s sidecar entries, keeps the hand-written bytes, and adds nothing once the editor holds the merged sidecar', async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-sbom-support-'));
    fs.writeFileSync(path.join(folder, 'bom.json'), JSON.stringify(bom, null, 2));
    const sidecarPath = path.join(folder, 'bom.support.yaml');
    fs.writeFileSync(sidecarPath, HAND_WRITTEN);
    const sidecar = pathToFileURL(sidecarPath).href;
    server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });

    const plan = await server.connection.sendRequest(SbomSupportRequest, { uri: sidecar, format: 'md' });
    assert.ok(plan);
    assert.deepEqual(plan.added, ['pkg:github/eclipse/paho.mqtt.c@1.3.13']);
    assert.deepEqual(plan.problems, []);
    assert.equal(plan.edits.length, 1);
    const [change] = plan.edits;
    assert.equal(change.uri, sidecar);
    const merged = applyTextEdits(HAND_WRITTEN, change.edits!);
    assert.ok(merged.startsWith(HAND_WRITTEN.slice(0, -1)), merged);
    assert.match(plan.addendum!, /\| bom\.json \| paho-mqtt-c \| 1\.3\.13 \|  \| pkg:github\/eclipse\/paho\.mqtt\.c@1\.3\.13 \| not stated \| not stated \|  \|/);

    // The CLI writes the same entries (the date comment aside, both are today's).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-sbom-support-cli-'));
    try {
      fs.copyFileSync(path.join(folder, 'bom.json'), path.join(copy, 'bom.json'));
      fs.writeFileSync(path.join(copy, 'bom.support.yaml'), HAND_WRITTEN);
      const cli = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'clause-guide.js'), 'sbom-support', '.'], { cwd: copy, encoding: 'utf8', timeout: 30000 });
      assert.equal(cli.status, 0, cli.stderr);
      assert.equal(fs.readFileSync(path.join(copy, 'bom.support.yaml'), 'utf8'), merged);
      assert.equal(cli.stdout, plan.addendum);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }

    // What the editor does: the edit lands in the open sidecar, which the server then reads.
    server.open(sidecar, 'yaml', merged);
    const again = await server.connection.sendRequest(SbomSupportRequest, { uri: sidecar, format: 'csv' });
    assert.deepEqual(again?.edits, []);
    assert.deepEqual(again?.added, []);
    assert.match(again!.addendum!, /^SBOM,Component,Version,Supplier,Package URL,Level of support,End-of-support date,Stated in\r\n/);
  });
});
