import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex } from '../../../server/src/engine';
import { addInterval, parseInterval } from '../../../server/src/engine/rules/expertiseReviewOverdue';
import { parse, testCatalog, textAt } from '../../support/fixtures';
import { onlyRules } from '../../support/workspace';

const RULE = 'expertise-review-overdue';

function findings(files: Record<string, string>, today = '2026-12-04') {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.update(parse(text, name));
  const byUri = new Analyzer(testCatalog()).analyze(index, { ...DEFAULT_CONFIG, ...onlyRules(RULE) }, { today });
  return [...byUri.values()].flat().filter((f) => f.rule === RULE);
}

const register = (interval: string, people: string) => `kind: security-organization\n${interval}people:\n${people}`;

describe(RULE, () => {
  it('fires on a person reviewed longer ago than the interval, at the review date, saying when it was due', () => {
    const files = { 'org.yaml': register('review_interval: 12 months\n', '  - id: P-1\n    name: Dana Ruiz\n    role: PSO\n    security_expertise: CSSLP\n    reviewed: 2025-11-30\n') };
    const [finding, ...rest] = findings(files);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '4.1.4');
    assert.equal(textAt(files['org.yaml'], finding.range), '2025-11-30');
    assert.match(finding.message, /^Dana Ruiz's security expertise was last reviewed on 2025-11-30; with a review interval of 12 months it was due on 2026-11-30/);
    assert.deepEqual(findings(files, '2026-11-30'), [], 'due today is not overdue');
  });

  it('fires on a missing interval, expertise or review date', () => {
    const files = { 'org.yaml': register('', '  - id: P-1\n    name: Sam\n    security_expertise: likes security\n  - id: P-2\n    name: Kim\n    security_expertise: TODO\n    reviewed: 2026-10-01\n') };
    const messages = findings(files).map((f) => f.message);
    assert.equal(messages.length, 3, messages.join('\n'));
    assert.ok(messages.some((m) => /states no `review_interval`/.test(m)));
    assert.ok(messages.some((m) => /^Sam's security expertise has no review date/.test(m)));
    assert.ok(messages.some((m) => /^Kim has no recorded `security_expertise`/.test(m)));
    assert.match(findings({ 'org.yaml': register('review_interval: yearly\n', '  - id: P-1\n    name: A\n    security_expertise: x y\n    reviewed: 2026-10-01\n') })[0].message, /`review_interval: yearly` is not an interval/);
  });

  it('stays silent on a register kept up to date, and in Markdown reads the table', () => {
    assert.deepEqual(findings({ 'org.yaml': register('review_interval: 1 year\n', '  - id: P-1\n    name: A\n    security_expertise: OSCP\n    reviewed: 2026-01-15\n') }), []);
    const md = '---\nkind: security-organization\nreview_interval: 6 months\n---\n# Competence register\n\n| ID | Name | Role | Security expertise | Reviewed |\n|---|---|---|---|---|\n| P-1 | Ana | Tester | OSCP | 2026-01-15 |\n';
    assert.equal(findings({ 'org.md': md }).length, 1);
  });

  it('reads intervals in days, weeks, months and years; a month end stays in its month', () => {
    assert.equal(addInterval('2026-01-31', parseInterval('1 month')!), '2026-02-28');
    assert.equal(addInterval('2024-02-29', parseInterval('1 year')!), '2025-02-28');
    assert.equal(addInterval('2026-12-20', parseInterval('2 weeks')!), '2027-01-03');
    assert.equal(addInterval('2026-03-01', parseInterval('90 Days')!), '2026-05-30');
    assert.equal(parseInterval('0 months'), undefined);
    assert.equal(parseInterval('monthly'), undefined);
  });
});
