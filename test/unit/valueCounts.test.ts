// valueCounts works a count out from the last list it saw; it must equal a count made afresh
// however the list was changed (a window replaced, items added or removed at either end, a bulk change).
import { strict as assert } from 'node:assert';
import { valueCounts } from '../../server/src/engine/cache';

interface Item {
  values: string[];
}

const valuesOf = (item: Item) => item.values;

function fresh(list: Item[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of list) for (const value of item.values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

const sorted = (counts: ReadonlyMap<string, number>) => [...counts].sort(([a], [b]) => (a < b ? -1 : 1));

describe('valueCounts', () => {
  it('equals a fresh count after every kind of change to the list', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const item = (): Item => ({ values: Array.from({ length: random(4) }, () => `TH-${random(30)}`) });
    const owner = {};
    let list = Array.from({ length: 400 }, item);
    assert.deepEqual(sorted(valueCounts(owner, list, valuesOf)), sorted(fresh(list)));
    for (let step = 0; step < 300; step++) {
      const at = random(list.length + 1);
      const removed = random(step % 50 === 0 ? 300 : 6);
      const added = Array.from({ length: random(step % 50 === 0 ? 300 : 6) }, item);
      list = [...list.slice(0, at), ...added, ...list.slice(at + removed)];
      assert.deepEqual(sorted(valueCounts(owner, list, valuesOf)), sorted(fresh(list)), `step ${step}`);
    }
    // A value no item holds any more is absent, not counted zero.
    list = [{ values: ['TH-only'] }];
    valueCounts(owner, list, valuesOf);
    list = [{ values: [] }];
    assert.equal(valueCounts(owner, list, valuesOf).has('TH-only'), false);
  });
});
