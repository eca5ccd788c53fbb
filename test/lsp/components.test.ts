// The Components view's request over LSP: the example's SBOM components by support status, judged
// as component-end-of-support-passed and component-support-missing judge them, with where the
// support data is stated and where the component is. Reports wait for the first reading, evidence
// files included, so the first answer already holds the SBOM.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ComponentsRequest } from '../../common/protocol';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');

describe('Components view over LSP', function () {
  this.timeout(60000);

  it('lists the example\'s SBOM components, end of support passed first, then those without support data, then the supported', async () => {
    const server = await startServer({ workspaceFolders: [pathToFileURL(EXAMPLE).href] });
    try {
      const components = await server.connection.sendRequest(ComponentsRequest, { uri: pathToFileURL(path.join(EXAMPLE, 'security', 'bom.json')).href });
      const byLabel = new Map(components.map((component) => [component.label, component]));
      const openssl = byLabel.get('openssl@3.0.13')!;
      assert.equal(openssl.status, 'end-of-support-passed', 'ended 2026-09-07');
      assert.ok(openssl.statedIn?.endsWith('/security/bom.json'));
      assert.ok(openssl.location.uri.endsWith('/security/bom.json'));
      const paho = byLabel.get('paho-mqtt-c@1.3.13')!;
      assert.equal(paho.status, 'support-missing');
      assert.equal(paho.level, undefined);
      const sqlite = byLabel.get('sqlite@3.45.1')!;
      assert.equal(sqlite.status, 'supported');
      assert.deepEqual([sqlite.level, sqlite.endOfSupport], ['actively maintained', '2050-05-31']);
      assert.ok(sqlite.statedIn?.endsWith('/security/bom.support.yaml'), 'stated in the sidecar');
      const order = ['end-of-support-passed', 'support-missing', 'supported'];
      assert.deepEqual(components.map((c) => c.status), [...components.map((c) => c.status)].sort((a, b) => order.indexOf(a) - order.indexOf(b)), 'most urgent first');
    } finally {
      await server.close();
    }
  });
});
