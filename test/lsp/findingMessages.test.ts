// What the server says in a diagnostic: the rule's message with its clause named once.
import { strict as assert } from 'node:assert';
import { startServer, type LspSession } from '../support/lspClient';

describe('diagnostic messages over stdio', function () {
  this.timeout(20000);
  let server: LspSession;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.close());

  it('name the clause once, even when the message already cites it', async () => {
    const uri = 'file:///ws/threat-model.yaml';
    server.open(uri, 'yaml', 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay of dose commands\n');
    const diagnostics = await server.diagnostics(uri, (d) => d.some((x) => x.code === 'threat-unmitigated'));
    const message = diagnostics.find((d) => d.code === 'threat-unmitigated')!.message as string;
    assert.equal(message.match(/§7\.4/g)?.length, 1, message);
    assert.match(message, /\(IEC 81001-5-1 §7\.4\)\.?$/);
  });
});
