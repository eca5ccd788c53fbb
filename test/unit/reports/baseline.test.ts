// A release record's `baseline:` (the previous authorized release) and what changed since it, in
// the audit report and in the editor's release readiness: a temporary git repository, read through git.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAsync } from '../../../server/src/cli/main';
import { compareWithBaseline, baselineMarkdown } from '../../../server/src/node/baseline';
import { ProjectSet } from '../../../server/src/node/projects';
import { readSourceDocument } from '../../../server/src/node/files';
import { Analyzer, clauseCoverage, parseSourceDocument } from '../../../server/src/engine';
import { workspace } from '../../support/cli';
import { testCatalog } from '../../support/fixtures';
import { CONFIG, git, RELEASE, TH1, TH2, TH3, TM } from '../../support/baselineRepo';

const catalog = testCatalog();
/** Release 1.0.0 committed and tagged v1.0.0; the working tree is release 1.1.0 naming `baseline`. */
function repository(baseline: string): string {
  const repo = workspace({ '.clause-guide.yaml': CONFIG, 'security/threat-model.yaml': TM(TH1 + TH2), 'security/release-record.yaml': RELEASE('1.0.0', '') });
  git(repo, 'init', '-q');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'release 1.0.0');
  git(repo, 'tag', 'v1.0.0');
  fs.writeFileSync(path.join(repo, 'security/threat-model.yaml'), TM(TH1.replace('risk: low', 'risk: high') + TH2 + TH3));
  fs.writeFileSync(path.join(repo, 'security/release-record.yaml'), RELEASE('1.1.0', `baseline: ${baseline}\n`));
  return repo;
}

async function report(repo: string): Promise<{ code: number; markdown: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAsync(['report', '--format', 'md'], { cwd: repo, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, catalog);
  return { code, markdown: stdout, stderr };
}

describe('release baseline', () => {
  it('the report lists what changed since the baseline the release record names (its version, whose tag is v1.0.0)', async function () {
    this.timeout(30000);
    const { code, markdown, stderr } = await report(repository('1.0.0'));
    assert.equal(code, 0, stderr);
    const section = markdown.slice(markdown.indexOf('Changed since the last authorized release (baseline 1.0.0)'));
    assert.ok(section.length < markdown.length, 'the report has the section');
    assert.match(section, /\| added \| TH-3 \(threats\) \| security\/threat-model\.yaml:\d+ \|/);
    assert.match(section, /\| changed \| TH-1 \(threats\) \| security\/threat-model\.yaml:\d+ \| risk: low → high \|/);
    assert.match(section, /\| changed \| security\/release-record\.yaml \(document\) \| [^|]*\| [^|]*release: 1\.0\.0 → 1\.1\.0/);
    assert.match(section, /\| finding appeared \| threat-unmitigated \|[^\n]*TH-3/);
    assert.doesNotMatch(section, /TH-2 \(threats\)/, 'an unchanged item is not listed');
  });

  it('a baseline that names no commit is said in the report, never taken for "nothing changed"', async function () {
    this.timeout(30000);
    const { markdown } = await report(repository('9.9.9'));
    assert.match(markdown, /The release record names the baseline 9\.9\.9, but it could not be read: no commit "9\.9\.9" in this repository\. What changed since then is unknown\./);
    assert.doesNotMatch(markdown, /Nothing changed/);
  });

  it('a report without a baseline has no such section', async function () {
    this.timeout(30000);
    const repo = repository('1.0.0');
    fs.writeFileSync(path.join(repo, 'security/release-record.yaml'), RELEASE('1.1.0', ''));
    assert.doesNotMatch((await report(repo)).markdown, /Changed since the last authorized release/);
  });

  it('the editor\'s release readiness gets the same comparison as Markdown', () => {
    const repo = repository('v1.0.0');
    const projects = new ProjectSet();
    const files = ['security/threat-model.yaml', 'security/release-record.yaml'].map((file) => path.join(repo, file));
    const project = projects.projectFor(files[0], repo)!;
    for (const file of files) project.index.update(parseSourceDocument(readSourceDocument(file)));
    const findings = [...new Analyzer(catalog).analyze(project.index, project.config).values()].flat();
    const comparison = compareWithBaseline(project, { findings, coverage: clauseCoverage(project.index, catalog, project.config, { findings }) }, catalog)!;
    const markdown = baselineMarkdown(comparison);
    assert.match(markdown, /^## Changed since the last authorized release \(baseline v1\.0\.0\)/);
    assert.match(markdown, /threats TH-3/);
    assert.match(markdown, /risk \| low \| high/);
  });
});
