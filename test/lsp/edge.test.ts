// The server's edge with the client: which finding a code action is for, what it does with a
// malformed frame on stdin, and how it spells a file's URI.
import { strict as assert } from 'node:assert';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { startServer, type LspSession } from '../support/lspClient';

const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);
const titles = (actions: CodeAction[] | null) => (actions ?? []).map((action) => action.title);

describe('code actions are matched to the finding they were published for', function () {
  this.timeout(20000);
  let server: LspSession;
  before(async () => {
    server = await startServer();
  });
  after(async () => server?.close());

  // Only operation is covered: installation, maintenance and decommissioning are missing, three
  // phase-missing findings on the same range (the `requirements:` key).
  const text = 'kind: security-requirements\nrequirements:\n  - id: SR-001\n    phase: operation\n    text: "Sessions expire."\n';
  const missing = ['installation', 'maintenance', 'decommissioning'];

  async function phaseMissing(uri: string): Promise<Diagnostic[]> {
    server.open(uri, 'yaml', text);
    const diagnostics = await server.diagnostics(uri, (d) => d.filter((x) => x.code === 'phase-missing').length === 3);
    const found = diagnostics.filter((d) => d.code === 'phase-missing');
    assert.ok(found.every((d) => JSON.stringify(d.range) === JSON.stringify(found[0].range)), 'the three share one range');
    return found;
  }
  const actionsFor = (uri: string, diagnostics: Diagnostic[]) =>
    server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } }) as Promise<CodeAction[]>;
  const stubs = (actions: CodeAction[]) => titles(actions).filter((title) => title.startsWith('Add a stub'));

  it("gives each of three same-range diagnostics its own fix, alone and together (as VS Code asks for all under the cursor)", async () => {
    const uri = 'file:///ws/editor/requirements.yaml';
    const diagnostics = await phaseMissing(uri);
    for (const diagnostic of diagnostics) {
      const phase = missing.find((name) => messageOf(diagnostic).includes(`the ${name} phase`));
      assert.ok(phase, messageOf(diagnostic));
      assert.deepEqual(stubs(await actionsFor(uri, [diagnostic])), [`Add a stub ${phase} requirement SR-002`]);
    }
    const together = await actionsFor(uri, diagnostics);
    assert.deepEqual(stubs(together).sort(), missing.map((phase) => `Add a stub ${phase} requirement SR-002`).sort());
    // Each action names the diagnostic it fixes, so the client can tie them together.
    for (const action of together.filter((a) => a.title.startsWith('Add a stub'))) {
      const phase = missing.find((name) => action.title.includes(name))!;
      assert.equal(action.diagnostics?.length, 1);
      assert.match(messageOf(action.diagnostics![0]), new RegExp(`the ${phase} phase`));
    }
    // The suppress comment is the same edit for all three: offered once, for the three.
    const suppress = together.filter((action) => action.title.startsWith('Suppress phase-missing'));
    assert.equal(suppress.length, 1, titles(together).join(' | '));
    assert.equal(suppress[0].diagnostics?.length, 3);
  });

  it('matches by the message when the client does not send the diagnostic data back', async () => {
    const uri = 'file:///ws/plain-client/requirements.yaml';
    const diagnostics = (await phaseMissing(uri)).map(({ data: _data, ...rest }) => rest);
    for (const diagnostic of diagnostics) {
      const phase = missing.find((name) => messageOf(diagnostic).includes(`the ${name} phase`))!;
      assert.deepEqual(stubs(await actionsFor(uri, [diagnostic])), [`Add a stub ${phase} requirement SR-002`]);
    }
  });
});
