// Security risk management over real LSP stdio: the server publishes the new rules on the example
// workspace's files, offers their fixes, and re-judges a threat when an acceptance is written in
// another file (risk-acceptance-missing reads threats, criteria and acceptances across files).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');

describe('security risk management over LSP', function () {
  this.timeout(30000);

  it('publishes the risk rules on the example, offers the acceptance fix, and clears the finding when the acceptance is written', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-risk-'));
    fs.cpSync(EXAMPLE, folder, { recursive: true });
    const threatModel = pathToFileURL(path.join(folder, 'security', 'threat-model.yaml')).href;
    const bridgeRisk = pathToFileURL(path.join(folder, 'legacy-bridge', 'security-risk-management.md')).href;
    const riskFile = path.join(folder, 'security', 'security-risk-management.yaml');
    const riskUri = pathToFileURL(riskFile).href;
    // The gateway as it was before TH-006's residual risk was accepted (RRA-002 taken out of the copy).
    const original = fs.readFileSync(riskFile, 'utf8');
    const beforeAcceptance = original.replace(/ {2}- id: RRA-002\n(?: {4}.*\n| {6}.*\n)+/, '');
    assert.notEqual(beforeAcceptance, original);
    fs.writeFileSync(riskFile, beforeAcceptance);
    // The legacy bridge's BT-003 is critical, a level its criteria leave out, and nobody accepted it.
    const bridgeThreats = pathToFileURL(path.join(folder, 'legacy-bridge', 'threat-model.yaml')).href;
    const server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    try {
      const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);
      const latest = await server.settle(
        (byUri) =>
          codes(byUri.get(bridgeRisk) ?? []).includes('security-context-missing') &&
          codes(byUri.get(threatModel) ?? []).includes('risk-acceptance-missing') &&
          codes(byUri.get(bridgeThreats) ?? []).includes('risk-acceptance-missing'),
        20000,
      );
      assert.ok(codes(latest.get(bridgeRisk)!).includes('risk-acceptance-criteria-missing'), codes(latest.get(bridgeRisk)!).join(', '));
      const bridge = latest.get(bridgeThreats)!.filter((d) => d.code === 'risk-acceptance-missing');
      assert.equal(bridge.length, 1);
      assert.match(String(bridge[0].message), /^Threat BT-003 has a critical residual risk and no acceptance: the acceptance criteria say nothing of critical risk/);
      const threats = latest.get(threatModel)!;
      const unaccepted = threats.filter((d) => d.code === 'risk-acceptance-missing');
      assert.equal(unaccepted.length, 1);
      assert.match(String(unaccepted[0].message), /^Threat TH-006 has a medium residual risk and no acceptance/);
      assert.equal(unaccepted[0].severity, 1, 'an error');

      // Code actions are for a document the editor shows.
      server.open(threatModel, 'yaml', fs.readFileSync(path.join(folder, 'security', 'threat-model.yaml'), 'utf8'));
      await server.flushed(threatModel);
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: threatModel },
        range: unaccepted[0].range,
        context: { diagnostics: unaccepted },
      })) as CodeAction[];
      const add = actions.find((action) => action.title === "Add an acceptance of TH-006's residual risk (to fill in)");
      assert.ok(add, actions.map((action) => action.title).join(' | '));
      assert.deepEqual(Object.keys(add.edit!.changes!), [riskUri], 'the acceptance goes into the security risk management file');

      // A person writes the acceptance: the threat model's finding goes, though the threat model did not change.
      // (The example's own RRA-002, as the copy lost it.)
      server.open(riskUri, 'yaml', original, 1);
      const after = await server.diagnostics(threatModel, (d) => !codes(d).includes('risk-acceptance-missing'), 10000);
      assert.ok(codes(after).includes('invalid-value'), 'the threat model keeps its other findings');
    } finally {
      await server.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
