import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, parseConfig, parseSourceDocument, RULES, WorkspaceIndex } from '../../../server/src/engine';
import { testCatalog } from '../../support/fixtures';

const RULE = 'file-too-large';

function analyze(skipped?: { reason: 'too-large'; bytes: number; limit: number }) {
  const index = new WorkspaceIndex();
  index.update(parseSourceDocument({ uri: 'file:///ws/big.yaml', languageId: 'yaml', version: 1, text: skipped ? '' : 'kind: threat-model\n', skipped }));
  return new Analyzer(testCatalog()).analyze(index, DEFAULT_CONFIG).get('file:///ws/big.yaml')!;
}

describe('file-too-large', () => {
  it('fires on a file the host did not read, at its start, with its size and the limit', () => {
    const findings = analyze({ reason: 'too-large', bytes: 22_020_096, limit: 5 * 1024 * 1024 });
    assert.deepEqual(findings.map((f) => f.rule), [RULE], 'no other rule sees anything in it');
    const [finding] = findings;
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.clause, null);
    assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.equal(
      finding.message,
      'This file is 21 MB, over the 5 MB limit, so it is not checked. Split it into smaller documents, or raise `maxFileSize` in .clause-guide.yaml (the editor setting clauseGuide.maxFileSize applies where that is not set).',
    );
    assert.equal(finding.fixes?.(), undefined, 'a suppression comment cannot be found in a file that is not read');
  });

  it('stays silent on a file that was read', () => {
    assert.ok(!analyze().some((f) => f.rule === RULE));
  });

  it('reads maxFileSize from .clause-guide.yaml as bytes or with a unit', () => {
    const known = RULES.map((rule) => rule.name);
    const size = (value: string) => parseConfig(`maxFileSize: ${value}\n`, known);
    assert.equal(size('5242880').config.maxFileSize, 5242880);
    assert.equal(size('512 KB').config.maxFileSize, 512 * 1024);
    assert.equal(size('10MB').config.maxFileSize, 10 * 1024 * 1024);
    assert.equal(size('"1.5 MiB"').config.maxFileSize, 1.5 * 1024 * 1024);
    assert.equal(size('1 g').config.maxFileSize, 1024 ** 3);
    assert.equal(parseConfig('rules: {}\n', known).config.maxFileSize, undefined, 'unset: the host decides');
    for (const bad of ['huge', '-1', '0', '[5]', '{a: 1}', '5 TB']) {
      const { config, problems } = size(bad);
      assert.equal(config.maxFileSize, undefined, bad);
      assert.deepEqual(problems.map((p) => p.message), ["'maxFileSize' must be a size such as 5242880, 512 KB or 10 MB."], bad);
    }
  });
});
