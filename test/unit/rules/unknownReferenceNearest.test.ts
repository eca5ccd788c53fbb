// unknown-reference's "Change to …" suggestions come from a search over the sorted ids whose answers
// are kept per workspace index between analyses: they must rank exactly as the plain edit distance
// does, and follow the workspace when its ids change.
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
  return finding.fixes!().filter((fix) => fix.title.startsWith('Change to ')).map((fix) => fix.title.slice('Change to '.length));
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

  it('match a comparison with every id on many ids that share prefixes, leaving out ids already in the list', () => {
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const pick = (chars: string, length: number) => Array.from({ length }, () => chars[random(chars.length)]).join('');
    const ids = [...new Set(Array.from({ length: 400 }, () => `TH-${pick('AB', 1)}${pick('0123', 2 + random(3))}`))];
    // Typos: one to three edits (change, insert, delete) of a defined id.
    const typo = (id: string) => {
      let text = id;
      for (let edits = 1 + random(3); edits > 0; edits--) {
        const at = 3 + random(text.length - 3);
        const kind = random(3);
        text = text.slice(0, at) + (kind === 2 ? '' : pick('AB0134X', 1)) + text.slice(kind === 1 ? at : at + 1);
      }
      return text;
    };
    const queries = Array.from({ length: 60 }, () => typo(ids[random(ids.length)])).filter((query) => !ids.includes(query));
    const index = new WorkspaceIndex();
    index.update(parse(threatModel(ids), 'tm.yaml'));
    // Each query is listed next to one id that is near it: that id must not be offered again.
    const listedWith = (query: string) => ids.find((id) => editDistance(id, query) === 1);
    const requirements = queries.map((query, i) => `  - id: SR-${i}\n    threats: [${[query, listedWith(query)].filter(Boolean).join(', ')}]\n`);
    index.update(parse(`kind: security-requirements\nrequirements:\n${requirements.join('')}`, 'req.yaml'));
    const found = [...new Analyzer(testCatalog()).analyze(index, CONFIG).values()].flat();
    let compared = 0;
    for (const query of new Set(queries)) {
      const limit = Math.max(2, Math.floor(query.length / 3));
      const listed = listedWith(query);
      const expected = ids
        .filter((id) => id !== listed && editDistance(id, query) <= limit)
        .sort((a, b) => editDistance(a, query) - editDistance(b, query) || ids.indexOf(a) - ids.indexOf(b))
        .slice(0, 3);
      assert.deepEqual(suggestions(found, query), expected, query);
      if (expected.length) compared++;
    }
    assert.ok(compared > 30, `most queries have suggestions to compare (${compared})`);
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
