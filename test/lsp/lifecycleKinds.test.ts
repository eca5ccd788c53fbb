// The kinds for verification and organisation over real LSP stdio: the server publishes their
// rules on the example's files (as the CLI reports them), in YAML and Markdown, and a keystroke that
// closes the gap clears the finding.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../support/fixtures';
import { startServer } from '../support/lspClient';

const EXAMPLE = path.join(REPO_ROOT, 'examples', 'infusync');
const has = (rule: string) => (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === rule);

describe('server: the verification, organization, maintenance and configuration kinds', function () {
  this.timeout(30000);

  it('publishes test-independence-missing on the example\'s verification file, and clears it when the independence is raised', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-kinds-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
    // The gateway's tests meet their independence; the legacy bridge's code review does not.
    const file = path.join(root, 'legacy-bridge', 'security-verification.yaml');
    const uri = pathToFileURL(file).href;
    // The gateway's organisation and maintenance plan are complete; the legacy bridge's show the gaps.
    const organization = pathToFileURL(path.join(root, 'legacy-bridge', 'security-organization.md')).href;
    const maintenance = pathToFileURL(path.join(root, 'legacy-bridge', 'maintenance-plan.yaml')).href;
    const legacyRelease = pathToFileURL(path.join(root, 'legacy-bridge', 'release-record.yaml')).href;
    const server = await startServer({ workspaceFolders: [pathToFileURL(root).href] });
    try {
      const latest = await server.settle(
        (byUri) =>
          has('test-independence-missing')(byUri.get(uri) ?? []) && has('expertise-review-overdue')(byUri.get(organization) ?? []) &&
          has('update-target-missing')(byUri.get(maintenance) ?? []) &&
          has('release-baseline-missing')(byUri.get(legacyRelease) ?? []),
        20000,
      );
      const text = fs.readFileSync(file, 'utf8');
      const finding = latest.get(uri)!.find((d) => d.code === 'test-independence-missing')!;
      assert.equal(finding.severity, 1, 'an error');
      assert.equal(text.split('\n')[finding.range.start.line].trim(), 'independence: none');
      assert.match(String(finding.message), /^Test BCR-142 \(code-review\) was done with independence `none`, below the `other-person`/);
      assert.ok(latest.get(organization)!.some((d) => d.code === 'accompanying-document-incomplete'), 'the Markdown form is read too');
      assert.ok(latest.get(maintenance)!.some((d) => d.code === 'software-item-unclassified'));

      server.open(uri, 'yaml', text);
      // Hover on a test id (of the open file) shows the test.
      const line = text.split('\n').findIndex((l) => l.includes('- id: BCR-142'));
      assert.ok(line >= 0);
      const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: text.split('\n')[line].indexOf('BCR-142') + 2 } });
      assert.match((hover!.contents as MarkupContent).value, /Security test .*independence: `none`|independence: `none`[\s\S]*Security test/);

      const fixed = text.replace('    tester: Bridge firmware developer (author)\n    independence: none', '    tester: Security champion (J. Weber)\n    independence: other-person');
      assert.notEqual(fixed, text);
      server.change(uri, fixed, 2);
      const after = await server.diagnostics(uri, (diagnostics) => !has('test-independence-missing')(diagnostics), 10000);
      assert.deepEqual(after.filter((d) => d.code === 'test-independence-missing'), []);
    } finally {
      await server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
