// Check Release Readiness over real LSP stdio on a release record that names its `baseline:` (issue
// 15, item 3): the answer names the baseline and the commit it resolved to, and lists what changed
// since then (items field by field, findings that appeared), read through git from a temporary
// repository; what the editor holds unsaved counts as "now"; a baseline git cannot resolve is said.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReleaseReadinessRequest } from '../../common/protocol';
import { startServer, type LspSession } from '../support/lspClient';
import { CONFIG, git, RELEASE, TH1, TH2, TH3, TM } from '../support/baselineRepo';

/** Release 1.0.0 committed and tagged v1.0.0; the working tree is release 1.1.0 naming `baseline` (TH-1 re-rated, TH-3 added). */
function repository(baseline: string): { repo: string; tagged: string } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-lsp-baseline-'));
  fs.mkdirSync(path.join(repo, 'security'));
  fs.writeFileSync(path.join(repo, '.clause-guide.yaml'), CONFIG);
  fs.writeFileSync(path.join(repo, 'security/threat-model.yaml'), TM(TH1 + TH2));
  fs.writeFileSync(path.join(repo, 'security/release-record.yaml'), 'kind: release-record\nrelease: "1.0.0"\ndecision: authorized\n');
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'release 1.0.0');
  git(repo, 'tag', 'v1.0.0');
  const tagged = git(repo, 'rev-parse', 'HEAD').trim();
  fs.writeFileSync(path.join(repo, 'security/threat-model.yaml'), TM(TH1.replace('risk: low', 'risk: high') + TH2 + TH3));
  fs.writeFileSync(path.join(repo, 'security/release-record.yaml'), RELEASE('1.1.0', `baseline: ${baseline}\n`));
  return { repo, tagged };
}

/** The readiness answer's section on the baseline (from its heading to the end). */
function baselineSection(markdown: string): string {
  const at = markdown.indexOf('## Changed since the last authorized release');
  assert.ok(at >= 0, `the readiness answer has a baseline section:\n${markdown}`);
  return markdown.slice(at);
}

describe('server: Check Release Readiness against the release record\'s baseline', function () {
  this.timeout(60000);
  let repo: string;
  let server: LspSession | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(repo, { recursive: true, force: true });
  });

  it('names the baseline and its commit, lists what changed since it, and counts unsaved edits as now', async () => {
    const made = repository('1.0.0');
    repo = made.repo;
    server = await startServer({ workspaceFolders: [pathToFileURL(repo).href] });
    const recordUri = pathToFileURL(path.join(repo, 'security/release-record.yaml')).href;
    const readiness = await server.connection.sendRequest(ReleaseReadinessRequest, { uri: recordUri });
    assert.ok(readiness);
    const section = baselineSection(readiness.markdown);
    assert.match(section, /^## Changed since the last authorized release \(baseline 1\.0\.0\)\n\nThe security file now, against commit ([0-9a-f]{12})\./);
    assert.equal(/against commit ([0-9a-f]{12})/.exec(section)![1], made.tagged.slice(0, 12), 'the version 1.0.0 resolved to the tag v1.0.0');
    assert.match(section, /threats TH-3/, 'the added threat');
    assert.match(section, /TH-1[\s\S]*risk \| low \| high/, 'the re-rated threat, field by field');
    assert.match(section, /release \| 1\.0\.0 \| 1\.1\.0/, 'the release record itself changed');
    assert.match(section, /threat-unmitigated[^\n]*TH-3/, 'a finding that appeared since');
    assert.doesNotMatch(section, /TH-2/, 'an unchanged threat is not listed');

    // The editor's unsaved text is "now": TH-2 re-rated in the open document shows up as changed.
    const threatModel = path.join(repo, 'security/threat-model.yaml');
    const uri = pathToFileURL(threatModel).href;
    server.open(uri, 'yaml', fs.readFileSync(threatModel, 'utf8').replace('risk: medium', 'risk: critical'));
    await server.diagnostics(uri);
    const again = baselineSection((await server.connection.sendRequest(ReleaseReadinessRequest, { uri: recordUri }))!.markdown);
    assert.match(again, /TH-2[\s\S]*risk \| medium \| critical/);
  });

  it('says a baseline git cannot resolve, never "nothing changed"', async () => {
    repo = repository('9.9.9').repo;
    server = await startServer({ workspaceFolders: [pathToFileURL(repo).href] });
    const readiness = await server.connection.sendRequest(ReleaseReadinessRequest, { uri: pathToFileURL(path.join(repo, 'security/release-record.yaml')).href });
    const section = baselineSection(readiness!.markdown);
    assert.match(section, /The release record names the baseline 9\.9\.9, but it could not be read: no commit "9\.9\.9" in this repository\. What changed since then is unknown\./);
    assert.doesNotMatch(section, /Nothing changed/i);
  });
});
