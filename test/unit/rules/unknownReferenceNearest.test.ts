// unknown-reference's "Change to …" suggestions come from a trie search whose answers are kept per
// workspace index between analyses: they must rank exactly as the plain edit distance does, and
// follow the workspace when its ids change.
import { strict as assert } from 'node:assert';
import { Analyzer, DEFAULT_CONFIG, WorkspaceIndex, editDistance, type Finding } from '../../../server/src/engine';
import { parse, testCatalog } from '../../support/fixtures';
import { onlyRules, uriOf } from '../../support/workspace';

const CONFIG = { ...DEFAULT_CONFIG, ...onlyRules('unknown-reference') };

function threatModel(ids: string[]): string {
  return `kind: threat-model\nthreats:\n${ids.map((id) => `  - id: ${id}\n    title: t\n`).join('')}`;
}

function suggestions(findings: Finding[], id: string): string[] {
  const finding = findings.find((f) => f.rule === 'unknown-reference' && f.message.startsWith(`${id} `));
  assert.ok(finding, `an unknown-reference finding for ${id}`);
  return finding.fixes!.filter((fix) => fix.title.startsWith('Change to ')).map((fix) => fix.title.slice('Change to '.length));
}

describe('unknown-reference suggestions', () => {
  it('rank by edit distance, ties in document order, as a comparison with every id would', () => {
    const ids = ['TH-P075-07', 'TH-P075-70', 'TH-P076-07', 'TH-P075-08', 'TH-P175-07', 'TH-X', 'TH-P075-007'];
    const index = new WorkspaceIndex();
    index.update(parse(threatModel(ids), 'tm.yaml'));
    index.update(parse('kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-P075-0]\n', 'req.yaml'));
    const found = [...new Analyzer(testCatalog()).analyze(index, CONFIG).values()].flat();
    const query = 'TH-P075-0';
    const limit = Math.max(2, Math.floor(query.length / 3));
    const expected = ids.filter((id) => editDistance(id, query) <= limit).sort((a, b) => editDistance(a, query) - editDistance(b, query)).slice(0, 3);
    assert.deepEqual(suggestions(found, query), expected);
    assert.deepEqual(expected, ['TH-P075-07', 'TH-P075-70', 'TH-P075-08']);
  });

  it('follow the ids of the workspace from one analysis to the next', () => {
    const index = new WorkspaceIndex();
    const analyzer = new Analyzer(testCatalog());
    index.update(parse(threatModel(['TH-001']), 'tm.yaml'));
    index.update(parse('kind: security-requirements\nrequirements:\n  - id: SR-1\n    threats: [TH-00Z]\n', 'req.yaml'));
    assert.deepEqual(suggestions([...analyzer.analyze(index, CONFIG).values()].flat(), 'TH-00Z'), ['TH-001']);

    // A threat nearer to the typo appears: it is offered first; one removed is no longer offered.
    index.update(parse(threatModel(['TH-00A', 'TH-002']), 'tm.yaml', 2));
    const after = [...analyzer.analyze(index, CONFIG).values()].flat();
    assert.deepEqual(suggestions(after, 'TH-00Z'), ['TH-00A', 'TH-002']);
    assert.equal(after.filter((f) => f.uri === uriOf('req.yaml')).length, 1);
  });
});
