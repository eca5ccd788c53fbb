// Incremental analysis seen from the editor: an edit that changes only its own file's findings
// publishes diagnostics for that file alone; one that changes another file's findings publishes those too.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from '../support/lspClient';

const FILES = {
  '.clause-guide.yaml': 'rules:\n  clause-uncovered: off\n',
  'threat-model.yaml': 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Spoofing\n    residual_risk: low\n  - id: TH-002\n    title: Tampering\n    residual_risk: low\n',
  'requirements.yaml': 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    threats: [TH-001]\n',
  'architecture.yaml': 'kind: security-architecture\nlayers: [network]\ncontrols:\n  - id: CTL-1\n    layer: network\n    mitigates: [TH-001, TH-002]\n    safety_impact: none\n',
};

describe('clause-guide-lsp incremental publishing', function () {
  this.timeout(30000);

  it('re-publishes only the files whose diagnostics changed', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-incremental-lsp-'));
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(root, name), text);
    const uri = (name: string) => pathToFileURL(path.join(root, name)).href;
    const server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
    try {
      // The requirements miss three phases.
      const initial = await server.settle((latest) => (latest.get(uri('requirements.yaml'))?.length ?? 0) > 0);
      assert.equal(initial.get(uri('requirements.yaml'))!.filter((d) => d.code === 'phase-missing').length, 3);
      server.open(uri('requirements.yaml'), 'yaml', FILES['requirements.yaml'], 1);
      server.open(uri('threat-model.yaml'), 'yaml', FILES['threat-model.yaml'], 1);
      // Answered after both opens were analysed.
      await server.flushed(uri('requirements.yaml'));
      let mark = server.published.length;

      // Only the requirements' own findings change.
      server.change(uri('requirements.yaml'), FILES['requirements.yaml'] + 'clauses: ["7.9"]\n', 2);
      await server.diagnostics(uri('requirements.yaml'), (d) => d.some((x) => x.code === 'unknown-clause'));
      await server.flushed(uri('requirements.yaml')); // a late publish for another file would have arrived before this answer
      assert.deepEqual(server.published.slice(mark).map((p) => [p.uri, p.version]), [[uri('requirements.yaml'), 2]]);

      // Removing TH-002 changes the architecture's findings (an unknown reference); the threat model's stay the same.
      mark = server.published.length;
      server.change(uri('threat-model.yaml'), 'kind: threat-model\nthreats:\n  - id: TH-001\n    title: Spoofing\n    residual_risk: low\n', 2);
      await server.diagnostics(uri('architecture.yaml'), (d) => d.some((x) => x.code === 'unknown-reference'));
      await server.flushed(uri('threat-model.yaml'));
      assert.deepEqual(server.published.slice(mark).map((p) => p.uri), [uri('architecture.yaml')]);
    } finally {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
