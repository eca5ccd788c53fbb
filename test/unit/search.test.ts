import { strict as assert } from 'node:assert';
import { createClauseSearch } from '../../server/src/engine';
import { testCatalog } from '../support/fixtures';

describe('clause search (Find Clause)', () => {
  const search = createClauseSearch(testCatalog().clauses);

  it('puts a typed number and its subclauses first', () => {
    assert.deepEqual(search.search('5.3').slice(0, 4).map((c) => c.id), ['5.3', '5.3.1', '5.3.2', '5.3.3']);
    assert.equal(search.search('§7.2')[0].id, '7.2');
  });

  it('finds clauses by title words, tolerating typos', () => {
    assert.ok(search.search('penetration').slice(0, 3).some((c) => c.id === '5.7.4'));
    assert.ok(search.search('defence in depth').slice(0, 5).some((c) => c.id === '5.3.1'));
    assert.ok(search.search('privat keys').slice(0, 3).some((c) => c.id === '5.8.4'));
  });

  it('finds clauses by words of the summary and by 62443-4-1 practice', () => {
    assert.ok(search.search('decommissioning').length > 0);
    assert.ok(search.search('SD-2').slice(0, 5).some((c) => c.id === '5.3.1'));
  });

  it('lists the catalog for an empty query', () => {
    assert.equal(search.search('', 500).length, testCatalog().clauses.length);
  });
});
