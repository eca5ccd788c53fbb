// engine/ids.ts: new ids and ISO dates, shared by the rules' fixes and the records they plan.
import { strict as assert } from 'node:assert';
import { firstFreeId, isoDate, nextId } from '../../server/src/engine/ids';

const defined = (...ids: string[]) => ({ definitions: (id: string) => (ids.includes(id) ? [id] : []) });

describe('ids and dates (engine/ids.ts)', () => {
  it('reads a date only when it is a real calendar day', () => {
    assert.equal(isoDate('2024-02-29'), '2024-02-29');
    assert.equal(isoDate(' 2026-01-31 '), '2026-01-31');
    for (const text of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-01', '01.02.2026', '', 'TBD']) assert.equal(isoDate(text), undefined, text);
    // Date.UTC reads years below 100 as 19xx; the date is taken as written.
    assert.equal(isoDate('0099-03-01'), '0099-03-01');
  });

  it('numbers a new id after the highest one, with its prefix and padding, skipping ids in use', () => {
    assert.equal(nextId(defined(), ['SR-007', 'SR-002'], 'X-', 2), 'SR-008');
    assert.equal(nextId(defined('SR-008'), ['SR-007'], 'X-', 2), 'SR-009');
    assert.equal(nextId(defined(), [], 'TL-', 3), 'TL-001');
    assert.equal(firstFreeId(defined('Z-1', 'Z-2'), (n) => `Z-${n}`), 'Z-3');
  });
});
