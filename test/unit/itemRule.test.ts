// Item rules (rules/rule.ts `itemRule`): the engine checks each item on its own and keeps an
// unchanged item's findings, so a keystroke re-checks the edited file's items only; a change to
// what the rule declared it reads (here the test results) re-checks every item.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, type Finding } from '../../server/src/engine';
import { itemRule, workspaceRule } from '../../server/src/engine/rules/rule';
import { verificationResultMissing } from '../../server/src/engine/rules/verificationResultMissing';
import { parse, testCatalog } from '../support/fixtures';

const requirements = (prefix: string, count: number) =>
  'kind: security-requirements\nrequirements:\n' +
  Array.from({ length: count }, (_, i) => `  - id: ${prefix}-${i + 1}\n    phase: operation\n    text: The gateway does ${prefix} ${i + 1}.\n    verification: [VT-${prefix}-${i + 1}]\n`).join('');

const junit = (names: string[]) => `<?xml version="1.0"?>\n<testsuite name="s" tests="${names.length}">\n${names.map((name) => `  <testcase classname="c" name="${name}"/>`).join('\n')}\n</testsuite>\n`;

/** verification-result-missing, wrapped to record which requirement ids it checks. */
function countingRule() {
  const checked: string[] = [];
  const rule = itemRule({
    ...verificationResultMissing,
    check(context) {
      checked.push(context.item.id?.text ?? '?');
      return verificationResultMissing.check(context);
    },
  });
  return { rule, checked };
}

describe('item rules', () => {
  const config = DEFAULT_CONFIG;
  // The catalog is read once for all tests; on a loaded machine that alone can take a second or two.
  before(function () {
    this.timeout(20000);
    testCatalog();
  });

  it('re-checks only the items of the edited file, and keeps the findings of the others as the same objects', () => {
    const { rule, checked } = countingRule();
    const analyzer = new Analyzer(testCatalog(), { rules: [rule] });
    const index = new WorkspaceIndex();
    index.update(parse(requirements('A', 3), 'a.yaml'));
    index.update(parse(requirements('B', 2), 'b.yaml'));
    const first = analyzer.analyze(index, config);
    assert.deepEqual(checked.sort(), ['A-1', 'A-2', 'A-3', 'B-1', 'B-2']);
    assert.equal(first.get('file:///ws/a.yaml')!.length, 1, 'no test results: one finding per file');

    checked.length = 0;
    index.update(parse(requirements('B', 2).replace('does B 2', 'does B two'), 'b.yaml', 2));
    const second = analyzer.analyze(index, config);
    assert.deepEqual(checked.sort(), ['B-1', 'B-2'], 'only the edited file is checked again');
    assert.equal(second.get('file:///ws/a.yaml'), first.get('file:///ws/a.yaml'), 'the unedited file keeps its findings array');

    checked.length = 0;
    analyzer.analyze(index, config);
    assert.deepEqual(checked, [], 'nothing changed: nothing is checked');
  });

  it('with no test results, the file\'s one finding follows an edit of its document as a fresh analysis would place it', () => {
    const analyzer = new Analyzer(testCatalog(), { rules: [verificationResultMissing] });
    const index = new WorkspaceIndex();
    index.update(parse(requirements('A', 3), 'a.yaml'));
    index.update(parse(requirements('B', 2), 'b.yaml'));
    analyzer.analyze(index, config);
    // A-1 loses its verification id: the file's finding moves to A-2 and names two ids.
    const edited = requirements('A', 3).replace('verification: [VT-A-1]', 'verification: []');
    index.update(parse(edited, 'a.yaml', 2));
    const incremental = analyzer.analyze(index, config);
    const fresh = new Analyzer(testCatalog(), { rules: [verificationResultMissing] }).analyze(index, config);
    const plain = (findings: Finding[] | undefined) => (findings ?? []).map((f) => [f.range.start.line, f.message]);
    assert.deepEqual(plain(incremental.get('file:///ws/a.yaml')), plain(fresh.get('file:///ws/a.yaml')));
    assert.match(incremental.get('file:///ws/a.yaml')![0].message, /none of this file's 2 verification ids \(VT-A-2, VT-A-3\)/);
    assert.deepEqual(plain(incremental.get('file:///ws/b.yaml')), plain(fresh.get('file:///ws/b.yaml')));
  });

  it('re-checks every item when what the rule reads besides the item changes, and drops findings that no longer hold', () => {
    const { rule, checked } = countingRule();
    const analyzer = new Analyzer(testCatalog(), { rules: [rule] });
    const index = new WorkspaceIndex();
    index.update(parse(requirements('A', 2), 'a.yaml'));
    index.update(parse(junit(['VT-B-9 other']), 'junit.xml'));
    const before: Finding[] = analyzer.analyze(index, config).get('file:///ws/a.yaml')!;
    assert.deepEqual(before.map((finding) => finding.range.start.line).length, 2);

    checked.length = 0;
    index.update(parse(junit(['VT-A-1 rejects an unsigned update']), 'junit.xml', 2));
    const after = analyzer.analyze(index, config).get('file:///ws/a.yaml')!;
    assert.deepEqual(checked.sort(), ['A-1', 'A-2'], 'new test results: every requirement is judged again');
    assert.deepEqual(
      after.map((finding) => finding.message.split(' ')[0] + ' ' + finding.message.includes('VT-A-2')),
      ['No true'],
      'VT-A-1 now has a result; only VT-A-2 is still without one',
    );
  });

  it('is not checked again when the host renews its record checker or the day changes, which it did not declare it reads', () => {
    const { rule, checked } = countingRule();
    let recordRuns = 0;
    const recordRule = workspaceRule({
      name: 'record-reader',
      clause: null,
      defaultSeverity: 'hint',
      scope: 'workspace',
      description: 'Counts its runs.',
      reads: { kinds: ['release-record'], records: true },
      check({ evidence }) {
        recordRuns++;
        assert.equal(typeof evidence.recordExists, 'function', 'a rule that declares records gets the checker');
        assert.equal(evidence.today, undefined, 'and not what it did not declare');
        return [];
      },
    });
    const analyzer = new Analyzer(testCatalog(), { rules: [rule, recordRule] });
    const index = new WorkspaceIndex();
    index.update(parse(requirements('A', 2), 'a.yaml'));
    analyzer.analyze(index, config, { recordExists: () => true, today: '2026-12-04' });
    assert.equal(checked.length, 2);
    assert.equal(recordRuns, 1);
    checked.length = 0;
    analyzer.analyze(index, config, { recordExists: () => true, today: '2026-12-05' });
    assert.deepEqual(checked, [], 'the requirements do not depend on records or the date');
    assert.equal(recordRuns, 2, 'the rule that reads records looks again with the new checker');
  });

  it('refuses a read of the host\'s date or record checker that the rule did not declare, naming the rule', () => {
    const errors: string[] = [];
    const sneaky = workspaceRule({
      name: 'sneaky-date-reader',
      clause: null,
      defaultSeverity: 'hint',
      scope: 'workspace',
      description: 'Reads today without declaring it.',
      reads: { kinds: ['tailoring-record'] },
      check: ({ evidence }) => (evidence.today ? [] : []),
    });
    const analyzer = new Analyzer(testCatalog(), { rules: [sneaky], onRuleError: (rule, error) => errors.push(`${rule.name}: ${(error as Error).message}`) });
    const index = new WorkspaceIndex();
    index.update(parse('kind: tailoring-record\n', 't.yaml'));
    analyzer.analyze(index, config, { today: '2026-12-04' });
    assert.equal(errors.length, 1);
    assert.match(errors[0], /sneaky-date-reader.*evidence\.today.*today: true/);
  });

  it('gives the same findings as a fresh analysis after a series of edits', () => {
    const analyzer = new Analyzer(testCatalog(), { rules: [verificationResultMissing] });
    const index = new WorkspaceIndex();
    index.update(parse(requirements('A', 4), 'a.yaml'));
    index.update(parse(junit(['VT-A-2 ok']), 'junit.xml'));
    analyzer.analyze(index, config);
    index.update(parse(requirements('A', 4).replace('VT-A-3', 'VT-A-2'), 'a.yaml', 2));
    index.update(parse(requirements('C', 1), 'c.yaml'));
    const incremental = analyzer.analyze(index, config);
    const fresh = new Analyzer(testCatalog(), { rules: [verificationResultMissing] }).analyze(index, config);
    const plain = (byUri: Map<string, Finding[]>) => [...byUri].map(([uri, findings]) => [uri, findings.map((f) => `${f.range.start.line}:${f.message}`)]);
    assert.deepEqual(plain(incremental), plain(fresh));
  });
});
