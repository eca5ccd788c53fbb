// What the server works out on a keystroke, incrementally, against a fresh analysis of the same
// texts: the findings of every file (with the fixes they offer) and the status bar's summary, after
// each edit of a sequence. A cache that goes stale shows here, not as a wrong squiggle or count.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, projectSummary, projectSummaryFromScratch, RULES, type Finding } from '../../server/src/engine';
import type { EvidenceOptions } from '../../server/src/engine/criteria';
import { EDITS, EditedWorkspace, plainFindings } from '../support/editedWorkspace';
import { testCatalog } from '../support/fixtures';

const catalog = testCatalog();
const records = new Set(['reports/vuln-scan-2.3.0.pdf', 'reports/pentest-2.3.0.pdf']);
const evidence: EvidenceOptions = { recordExists: (_from, record) => records.has(record), today: '2026-12-05' };

describe('the keystroke path after edits', () => {
  it('finds what a fresh analysis finds, and sums up the same, after every edit', function () {
    // Seventeen fresh analyses of 54 files, each finding's fixes worked out: about 8 s on a quiet machine.
    this.timeout(60000);
    const workspace = new EditedWorkspace();
    const analyzer = new Analyzer(catalog);
    let findings = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
    for (const [what, edit] of [['before any edit', () => {}] as const, ...EDITS]) {
      edit(workspace);
      findings = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
      const scratch = workspace.fromScratch((fresh, index) => fresh.analyze(index, DEFAULT_CONFIG, evidence));
      assert.deepEqual(plainFindings(findings), plainFindings(scratch.findings), what);
      assert.deepEqual(projectSummary(workspace.index, findings, catalog, DEFAULT_CONFIG, evidence), projectSummaryFromScratch(scratch.index, scratch.findings, catalog, DEFAULT_CONFIG, evidence), what);
    }
  });

  it('a keystroke does not look at the workspace rules findings on files it left alone', () => {
    const workspace = new EditedWorkspace();
    const analyzer = new Analyzer(catalog);
    const before = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
    const edited = 'file:///ws/b/security-requirements.yaml';
    // Item rules keep each document's findings as one part; a workspace rule's findings are one
    // list, read again only when that rule has something on the edited file (its list changes).
    const onEdited = new Set((before.get(edited) ?? []).map((finding) => finding.rule));
    const itemRules = new Set(RULES.filter((rule) => rule.scope === 'workspace' && rule.eachItemOf).map((rule) => rule.name));
    const spared = new Set(RULES.filter((rule) => rule.scope === 'workspace' && (itemRules.has(rule.name) || !onEdited.has(rule.name))).map((rule) => rule.name));
    assert.ok(onEdited.has('verification-result-missing'), 'an item rule reports on the edited file too');
    // Sorting each of them into its file again is what made a keystroke cost every finding of the
    // workspace (25,000 at 1,500 generated documents): their file is asked once, when they are new.
    let watched = 0;
    const read = new Set<string>();
    for (const [uri, list] of before) {
      if (uri === edited) continue;
      for (const finding of list) {
        if (!spared.has(finding.rule)) continue;
        watched++;
        const value = finding.uri;
        Object.defineProperty(finding, 'uri', { get: () => (read.add(`${finding.rule} on ${value}`), value) });
      }
    }
    assert.ok(watched > 10, 'the example has workspace-rule findings on other files');
    workspace.replace('b/security-requirements.yaml', /text: ([^\n]*)/, 'text: $1 x');
    const after = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
    assert.deepEqual([...read], [], 'findings the analysis sorted into their files again');
    // Files no rule found anything new on keep their findings, the same array (not published again).
    const kept = [...after].filter(([uri, list]) => uri !== edited && list.length && list === before.get(uri));
    assert.ok(kept.length > 5, 'files keep their findings');
  });

  it('the summary does not read the findings of files whose findings did not change', () => {
    const workspace = new EditedWorkspace();
    const analyzer = new Analyzer(catalog);
    const before = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
    const expected = projectSummary(workspace.index, before, catalog, DEFAULT_CONFIG, evidence);
    assert.ok(expected.errors + expected.warnings > 0, 'the example has findings to count');
    // A keystroke in one file: the other files keep their arrays, and those must not be walked again.
    workspace.replace('b/security-requirements.yaml', /text: ([^\n]*)/, 'text: $1 x');
    const after = analyzer.analyze(workspace.index, DEFAULT_CONFIG, evidence);
    const edited = 'file:///ws/b/security-requirements.yaml';
    let untouched = 0;
    for (const [uri, list] of after) {
      if (uri === edited || list !== before.get(uri) || !list.length) continue;
      untouched++;
      const first = list[0];
      Object.defineProperty(list, 0, { get: (): Finding => assert.fail(`the summary read ${uri} again`) });
      Object.defineProperty(list, 'first', { value: first });
    }
    assert.ok(untouched > 5, 'files with findings kept their arrays');
    assert.deepEqual(projectSummary(workspace.index, after, catalog, DEFAULT_CONFIG, evidence), expected);
  });
});
