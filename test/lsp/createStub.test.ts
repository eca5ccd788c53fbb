// A quick fix that writes into another file (unknown-reference's "Create threat TH-2 in tm.yaml")
// must not leave that file changed and unsaved in a tab nobody looks at (issue 12). The server
// decides at the protocol level: the code action carries, besides its workspace edit, a command of
// the server's that asks the client (window/showDocument) to show the edited file with the new
// stub selected. And the stub never goes into a draft of the kind that does not parse.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ExecuteCommandRequest,
  ShowDocumentRequest,
  type CodeAction,
  type Diagnostic,
  type ShowDocumentParams,
} from 'vscode-languageserver-protocol/node';
import { applyEdits, textAt } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';

const DRAFT = 'kind: threat-model\nthreats:\n  - id: TH-9\n    title: "unterminated\n';
const THREATS = 'kind: threat-model\nthreats:\n  - id: TH-1\n    title: Replay of commands\n';
const REQUIREMENTS = 'kind: security-requirements\nrequirements:\n  - id: SR-1\n    title: Sign commands\n    threats: [TH-2]\n';

describe('clause-guide-lsp: a quick fix that creates an item in another file', function () {
  this.timeout(30000);
  let root: string;
  let server: LspSession | undefined;
  const uriOf = (name: string) => pathToFileURL(path.join(root, name)).href;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-guide-stub-'));
    fs.writeFileSync(path.join(root, '.clause-guide.yaml'), 'rules:\n  clause-uncovered: off\n');
    fs.writeFileSync(path.join(root, 'a-draft.yaml'), DRAFT);
    fs.writeFileSync(path.join(root, 'b-tm.yaml'), THREATS);
    fs.writeFileSync(path.join(root, 'c-req.yaml'), REQUIREMENTS);
  });
  afterEach(async () => {
    await server?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function createAction(showDocument: boolean): Promise<CodeAction> {
    server = await startServer({
      workspaceFolders: [pathToFileURL(root).href],
      capabilities: { workspace: { configuration: true }, window: { showDocument: { support: showDocument } } },
    });
    const uri = uriOf('c-req.yaml');
    server.open(uri, 'yaml', REQUIREMENTS);
    const unknown = (await server.diagnostics(uri, (d) => d.some((x) => x.code === 'unknown-reference'), 15000)).filter((d: Diagnostic) => d.code === 'unknown-reference');
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: unknown[0].range, context: { diagnostics: unknown } })) as CodeAction[];
    const create = actions.find((action) => action.title.startsWith('Create threat TH-2'));
    assert.ok(create, `a Create fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    return create;
  }

  it('edits only the threat model that parses, and shows it with the new threat selected', async () => {
    const create = await createAction(true);
    assert.deepEqual(Object.keys(create.edit?.changes ?? {}), [uriOf('b-tm.yaml')], 'the draft that does not parse is left alone');
    const after = applyEdits(THREATS, create.edit!.changes![uriOf('b-tm.yaml')]);
    assert.match(after, /\n {2}- id: TH-2\n/);

    assert.ok(create.command, 'the action runs a command after its edit');
    const shown: ShowDocumentParams[] = [];
    server!.connection.onRequest(ShowDocumentRequest.type, (params) => {
      shown.push(params);
      return { success: true };
    });
    await server!.connection.sendRequest(ExecuteCommandRequest.type, { command: create.command.command, arguments: create.command.arguments });
    assert.equal(shown.length, 1, 'one window/showDocument request, answered before the command returns');
    assert.equal(shown[0].uri, uriOf('b-tm.yaml'));
    assert.equal(shown[0].takeFocus, true);
    assert.ok(shown[0].selection);
    const selected = textAt(after, shown[0].selection);
    assert.match(selected, /id: TH-2/, `the selection holds the new threat:\n${selected}`);
    assert.doesNotMatch(selected, /TH-1/, 'and nothing that was there before');
  });

  it('offers the edit alone to a client that cannot show documents', async () => {
    const create = await createAction(false);
    assert.deepEqual(Object.keys(create.edit?.changes ?? {}), [uriOf('b-tm.yaml')]);
    assert.equal(create.command, undefined);
  });
});
