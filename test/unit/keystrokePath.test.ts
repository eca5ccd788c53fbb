// What the server works out on a keystroke, incrementally, against a fresh analysis of the same
// texts: the findings of every file (with the fixes they offer) and the status bar's summary, after
// each edit of a sequence. A cache that goes stale shows here, not as a wrong squiggle or count.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, projectSummary, projectSummaryFromScratch, type Finding } from '../../server/src/engine';
import type { EvidenceOptions } from '../../server/src/engine/criteria';
import { EDITS, EditedWorkspace, plainFindings } from '../support/editedWorkspace';
import { testCatalog } from '../support/fixtures';

const catalog = testCatalog();
const records = new Set(['reports/vuln-scan-2.3.0.pdf', 'reports/pentest-2.3.0.pdf']);
const evidence: EvidenceOptions = { recordExists: (_from, record) => records.has(record), today: '2026-12-05' };

describe('the keystroke path after edits', () => {
  it('finds what a fresh analysis finds, and sums up the same, after every edit', () => {
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
