import { strict as assert } from 'node:assert';
import { statusBarAccessibilityLabel, statusBarText, statusBarTooltip } from '../../client/src/statusBarWords';

const summary = (blocking: number, errors = blocking, warnings = 0) => ({ covered: 50, tailored: 6, pending: 3, claimed: 2, missing: 2, blocking, errors, warnings });

describe('status bar words', () => {
  it('shows covered/total and the blocking findings', () => {
    assert.equal(statusBarText(summary(3)), '$(shield) 56/63 · 3 blocking');
    assert.equal(statusBarText(summary(0)), '$(shield) 56/63');
  });

  // Issue 12: the tooltip said "1 finding block the release".
  it('agrees the verb and the nouns with the count in the tooltip and for screen readers', () => {
    assert.match(statusBarTooltip(summary(1, 1, 1)), /\n1 blocking finding · 1 error · 1 warning\n/);
    assert.match(statusBarTooltip(summary(3, 4, 2)), /\n3 blocking findings · 4 errors · 2 warnings\n/);
    assert.match(statusBarTooltip(summary(1)), /56 of 63 clauses covered: 50 covered · 6 tailored · 3 pending · 2 claimed · 2 missing\./);
    assert.doesNotMatch(statusBarTooltip(summary(1)), /finding block\b/);
    assert.equal(statusBarAccessibilityLabel(summary(1)), 'Clause Guide: 56 of 63 clauses covered, 1 blocking finding');
    assert.equal(statusBarAccessibilityLabel(summary(2)), 'Clause Guide: 56 of 63 clauses covered, 2 blocking findings');
  });
});
