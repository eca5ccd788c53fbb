// valueCounts and itemsWhere work a count or a selection out from the last list they saw; each must
// equal one made afresh however the list was changed (a window replaced, items added or removed at
// either end, a bulk change).
import { strict as assert } from 'node:assert';
import { countsWithChanges, itemsWhere, recordReplacement, valueCounts } from '../../server/src/engine/cache';

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
  it('takes the window a list was made with from the index when it says so, and only for the list it was made from', () => {
    // The index says where it replaced items (recordReplacement), so the lists of every requirement
    // are not compared item by item on every keystroke. The window it recorded must be used only
    // against the very list it was made from: a rule that skipped a version compares.
    const owner = {};
    const a: Item[] = [{ values: ['TH-1'] }, { values: ['TH-2'] }, { values: ['TH-3'] }];
    valueCounts(owner, a, valuesOf);
    const b = [a[0], { values: ['TH-9'] }, a[2]];
    recordReplacement(a, b, 1, 2, 2);
    assert.deepEqual([...countsWithChanges(owner, b, valuesOf).changed!].sort(), ['TH-2', 'TH-9']);
    assert.deepEqual(sorted(valueCounts(owner, b, valuesOf)), sorted(fresh(b)));
    // c is made from b, but a second owner last saw a: its window is found by comparing.
    const other = {};
    valueCounts(other, a, valuesOf);
    const c = [b[0], b[1], { values: ['TH-4'] }];
    recordReplacement(b, c, 2, 3, 3);
    assert.deepEqual(sorted(valueCounts(other, c, valuesOf)), sorted(fresh(c)), 'a list two versions on');
    assert.deepEqual([...countsWithChanges(owner, c, valuesOf).changed!].sort(), ['TH-3', 'TH-4']);
    // A recorded window is trusted: one that lies (here: says nothing changed) shows that it is used.
    const liar = {};
    valueCounts(liar, a, valuesOf);
    const d = [{ values: ['TH-7'] }, a[1], a[2]];
    recordReplacement(a, d, 0, 0, 0);
    assert.equal(valueCounts(liar, d, valuesOf).has('TH-7'), false);
  });

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

describe('itemsWhere', () => {
  interface Stamped {
    stamped: boolean;
  }
  const isStamped = (item: Stamped) => item.stamped;

  it('equals a fresh filter after every kind of change to the list, and keeps its array while the same items pass', () => {
    let seed = 11;
    const random = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const item = (): Stamped => ({ stamped: random(10) === 0 });
    const owner = {};
    let list = Array.from({ length: 400 }, item);
    let passed = itemsWhere(owner, list, isStamped);
    assert.deepEqual(passed, list.filter(isStamped));
    let kept = 0;
    for (let step = 0; step < 300; step++) {
      const at = random(list.length + 1);
      const removed = random(step % 50 === 0 ? 300 : 6);
      const added = Array.from({ length: random(step % 50 === 0 ? 300 : 6) }, item);
      const before = list;
      list = [...list.slice(0, at), ...added, ...list.slice(at + removed)];
      const now = itemsWhere(owner, list, isStamped);
      const expected = list.filter(isStamped);
      assert.deepEqual(now, expected, `step ${step}`);
      // The same array exactly when the same items pass (in the same order).
      const sameItems: boolean = expected.length === passed.length && expected.every((entry, i) => entry === passed[i]);
      assert.equal(now === passed, sameItems, `step ${step}: ${sameItems ? 'a new array for the same items' : 'the old array for other items'}`);
      if (sameItems && before !== list) kept++;
      passed = now;
    }
    assert.ok(kept > 10, 'edits that leave the passing items alone keep the array');
  });
});

describe('itemsWhere, asked for several lists', () => {
  it('tests only the items an edit replaced, each list kept under its key', () => {
    let tested = 0;
    const hasStamp = (item: { stamp?: string }) => (tested++, item.stamp !== undefined);
    const owner = {};
    const lists = { requirements: Array.from({ length: 2000 }, (_, i) => (i % 100 ? {} : { stamp: `r${i}` })), threats: Array.from({ length: 2000 }, (_, i) => (i % 50 ? {} : { stamp: `t${i}` })) };
    for (const [key, list] of Object.entries(lists)) itemsWhere(owner, list, hasStamp, key);
    for (let keystroke = 0; keystroke < 10; keystroke++) {
      for (const key of ['requirements', 'threats'] as const) {
        // One item replaced, as an edit of one file replaces its items in the index's list.
        const list = lists[key].slice();
        list[700] = keystroke % 2 ? { stamp: `new ${keystroke}` } : {};
        lists[key] = list;
        tested = 0;
        const passed = itemsWhere(owner, list, hasStamp, key);
        assert.equal(tested, 1, `${key}, keystroke ${keystroke}: only the replaced item is tested`);
        assert.deepEqual(passed, list.filter((item) => item.stamp !== undefined), `${key}, keystroke ${keystroke}`);
      }
    }
  });
});

describe('countsWithChanges', () => {
  it('names every value that came or went since the last call (or says it counted afresh)', () => {
    let seed = 5;
    const random = (n: number) => ((seed = (seed * 48271) % 2147483647) % n);
    const item = (): Item => ({ values: Array.from({ length: random(3) }, () => `TH-${random(200)}`) });
    const owner = {};
    let list = Array.from({ length: 400 }, item);
    assert.equal(countsWithChanges(owner, list, valuesOf).changed, undefined, 'a first look counts afresh');
    let incremental = 0;
    for (let step = 0; step < 300; step++) {
      const before = new Set(fresh(list).keys());
      const at = random(list.length + 1);
      const removed = random(step % 50 === 0 ? 300 : 6);
      const added = Array.from({ length: random(step % 50 === 0 ? 300 : 6) }, item);
      list = [...list.slice(0, at), ...added, ...list.slice(at + removed)];
      const { counts, changed } = countsWithChanges(owner, list, valuesOf);
      assert.deepEqual(sorted(counts), sorted(fresh(list)), `step ${step}`);
      if (!changed) continue;
      incremental++;
      const after = new Set(counts.keys());
      for (const value of new Set([...before, ...after])) if (before.has(value) !== after.has(value)) assert.ok(changed.has(value), `step ${step}: ${value} came or went`);
    }
    assert.ok(incremental > 250, 'edits are counted from the last look');
    assert.equal(countsWithChanges(owner, list, valuesOf).changed?.size, 0, 'the same list: nothing changed');
  });
});
