// Hover on a purl over real LSP stdio, on the example workspace: in the SBOM itself (a JSON file the
// server read from disk), in the scanner report, and in a security document that names the purl.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/engine/text';
import { REPO_ROOT } from '../support/fixtures';
import { startServer, type LspSession } from '../support/lspClient';

describe('hover on a purl over LSP', function () {
  this.timeout(60000);
  let server: LspSession | undefined;
  let folder: string;
  after(async () => {
    await server?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('shows the component, its support data and its vulnerabilities in the SBOM, the scanner report and a document', async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-purl-hover-'));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'infusync'), folder, { recursive: true });
    const release = path.join(folder, 'security', 'release-record.yaml');
    server = await startServer({ workspaceFolders: [pathToFileURL(folder).href] });
    const bomUri = pathToFileURL(path.join(folder, 'security', 'bom.json')).href;
    const grypeUri = pathToFileURL(path.join(folder, 'security', 'grype.json')).href;
    // Once the SBOM's findings are published, the evidence files are read (the scanner report has
    // none: the gateway's VEX document decides each vulnerability it reports).
    await server.diagnostics(bomUri, (diagnostics) => diagnostics.some((d) => d.code === 'component-end-of-support-passed'));

    const hoverAt = async (file: string, uri: string, text: string, languageId: string, into: number) => {
      const content = fs.readFileSync(file, 'utf8');
      server!.open(uri, languageId, content);
      const offset = content.indexOf(text);
      assert.ok(offset >= 0, `${text} in ${file}`);
      const hover = await server!.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: new LineIndex(content).positionAt(offset + into) });
      return (hover?.contents as MarkupContent | undefined)?.value ?? '';
    };

    const inBom = await hoverAt(path.join(folder, 'security', 'bom.json'), bomUri, '"pkg:generic/openssl@3.0.13"', 'json', 5);
    assert.match(inBom, /^\*\*openssl\*\* `3\.0\.13` — supplier: OpenSSL Software Foundation/);
    assert.match(inBom, /Level of support: `actively maintained \(LTS\)`/);
    assert.match(inBom, /\*\*Vulnerabilities\*\* \(2 reported, 0 not assessed\):\n- ✅ `CVE-2024-2511` high: not\\_affected: vulnerable\\_code\\_not\\_in\\_execute\\_path\n- ✅ `CVE-2024-5535` critical: not\\_affected: vulnerable\\_code\\_not\\_in\\_execute\\_path/);

    const sqliteInBom = await hoverAt(path.join(folder, 'security', 'bom.json'), bomUri, '"pkg:generic/sqlite@3.45.1"', 'json', 5);
    assert.match(sqliteInBom, /End of support: `2050-05-31` \(\[security\/bom\.support\.yaml:/);

    const inGrype = await hoverAt(path.join(folder, 'security', 'grype.json'), grypeUri, '"purl": "pkg:generic/openssl@3.0.13"', 'json', 12);
    assert.match(inGrype, /^\*\*openssl\*\* `3\.0\.13`/);

    // A person names the purl in the release record's finding.
    const text = fs.readFileSync(release, 'utf8').replace(/findings:\n/, 'findings:\n  - id: F-099\n    source: pkg:generic/openssl@3.0.13 (CVE-2024-5535)\n    status: open\n');
    fs.writeFileSync(release, text);
    const inRecord = await hoverAt(release, pathToFileURL(release).href, 'source: pkg:generic/openssl', 'yaml', 12);
    assert.match(inRecord, /^\*\*openssl\*\* `3\.0\.13`/);
    // The VEX statement decides it: the hover shows that decision where the finding names the purl.
    assert.match(inRecord, /✅ `CVE-2024-5535` critical: not\\_affected: vulnerable\\_code\\_not\\_in\\_execute\\_path/);
  });
});
