import { strict as assert } from 'node:assert';
import { textAt } from '../../support/fixtures';
import { analyzeFiles, onlyRules } from '../../support/workspace';

const RULE = 'test-independence-missing';
const only = onlyRules(RULE);

const policy = 'kind: security-verification\ntest_independence:\n  - id: IND-PEN\n    type: penetration\n    minimum: external\n  - id: IND-REQ\n    type: requirement\n    minimum: other-person\n';
const tests = (body: string) => `kind: security-verification\ntests:\n${body}`;

describe(RULE, () => {
  it('fires on a test below its type\'s minimum, at its independence, pointing at the minimum', () => {
    const files = { 'policy.yaml': policy, 'v.yaml': tests('  - id: PT-1\n    type: penetration\n    tester: QA team\n    independence: other-team\n') };
    const [finding, ...rest] = analyzeFiles(files, only).of(RULE);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.clause, '5.7.5');
    assert.equal(textAt(files['v.yaml'], finding.range), 'other-team');
    assert.match(finding.message, /^Test PT-1 \(penetration\) was done with independence `other-team`, below the `external` set for penetration tests/);
    assert.equal(finding.related?.[0].uri.endsWith('policy.yaml'), true);
  });

  it('fires on a test without tester or independence, and on a type with no minimum, in YAML and Markdown', () => {
    const files = {
      'policy.yaml': policy,
      'v.yaml': tests('  - id: VT-1\n    type: requirement\n    tester: Ana\n  - id: SA-1\n    type: static-analysis\n    tester: CI\n    independence: none\n  - id: X-1\n    title: untyped\n'),
      'v.md': '---\nkind: security-verification\n---\n# Tests\n\n| ID | Type | Tester | Independence |\n|---|---|---|---|\n| PT-2 | penetration | TODO | external |\n',
    };
    const messages = analyzeFiles(files, only).of(RULE).map((f) => f.message);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.ok(messages.some((m) => /^Test VT-1 \(requirement\) does not record its `independence`/.test(m)));
    assert.ok(messages.some((m) => /^No minimum tester independence is set for static-analysis tests/.test(m)));
    assert.ok(messages.some((m) => /^Test X-1 names no `type`/.test(m)));
    assert.ok(messages.some((m) => /^Test PT-2 \(penetration\) does not record its `tester`/.test(m)), 'a placeholder tester is no tester');
  });

  it('stays silent when every test meets its type\'s minimum (more independence is fine)', () => {
    const files = { 'policy.yaml': policy, 'v.yaml': tests('  - id: PT-1\n    type: penetration\n    tester: Lab\n    independence: external\n  - id: VT-1\n    type: requirement\n    tester: QA\n    independence: other-team\n') };
    assert.deepEqual(analyzeFiles(files, only).of(RULE), []);
  });
});
