import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, onlyRules } from '../../support/workspace';

const RULE = 'release-decision-missing';
const only = onlyRules(RULE);

describe(RULE, () => {
  it('fires on a release record without a decision, at its kind, saying it reads as pending', () => {
    const files = { 'r.yaml': 'kind: release-record\nrelease: 2.3.0\nfindings: []\n' };
    const [finding, ...rest] = analyzeFiles(files, only).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.clause, '5.8.5');
    assert.equal(textAt(files['r.yaml'], finding.range), 'release-record');
    assert.match(finding.message, /^Release 2\.3\.0 records no decision, so it reads as pending: it cannot pass a release gate\. Write `decision: authorized`, `blocked` or `pending`/);
  });

  it('fires at an empty or placeholder decision, and in Markdown front matter', () => {
    const empty = { 'r.yaml': 'kind: release-record\nrelease: 2.3.0\ndecision: TBD\n' };
    const [finding] = analyzeFiles(empty, only).of(RULE);
    assert.equal(textAt(empty['r.yaml'], finding.range), 'TBD');
    const md = { 'r.md': '---\nkind: release-record\nrelease: 2.3.0\n---\n# Release\n' };
    assert.equal(analyzeFiles(md, only).of(RULE).length, 1);
  });

  it('stays silent on a stated decision (a value outside the vocabulary is invalid-value\'s)', () => {
    for (const decision of ['authorized', 'blocked', 'pending', 'approved']) {
      assert.deepEqual(analyzeFiles({ 'r.yaml': `kind: release-record\nrelease: 2.3.0\ndecision: ${decision}\n` }, only).of(RULE), [], decision);
    }
    assert.deepEqual(analyzeFiles({ 'r.yaml': 'kind: threat-model\n' }, only).of(RULE), []);
  });
});
