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

  // Issue 12: the words people use for a topic are often not the standard's. The catalog lists
  // them as `keywords:` and the search weighs them next to the title.
  it('finds a clause by the words people use for its topic (catalog keywords)', () => {
    const top = (query: string, n: number) => search.search(query).slice(0, n).map((c) => c.id);
    assert.ok(top('SBOM', 5).includes('4.1.5'), `SBOM: ${top('SBOM', 5)}`);
    assert.ok(top('software bill of materials', 3).includes('4.1.5'), `software bill of materials: ${top('software bill of materials', 3)}`);
    assert.equal(top('threat model', 1)[0], '7.2', `threat model: ${top('threat model', 5)}`);
    // Patching is maintenance (chapter 6), not the defence-in-depth design of 5.3.1.
    const patch = top('patch', 3);
    assert.notEqual(patch[0], '5.3.1', `patch: ${patch}`);
    assert.ok(patch.every((id) => id.startsWith('6')), `patch: ${patch}`);
    assert.ok(top('security update', 3).every((id) => id.startsWith('6')), `security update: ${top('security update', 3)}`);
    assert.ok(top('pentest', 3).includes('5.7.4'), `pentest: ${top('pentest', 3)}`);
    assert.ok(top('CVD', 3).includes('4.1.7'), `CVD: ${top('CVD', 3)}`);
  });

  it('lists the catalog for an empty query', () => {
    assert.equal(search.search('', 500).length, testCatalog().clauses.length);
  });
});
