// The client's answer to a dead language server: restart, say so once, stop after a crash loop.
import { strict as assert } from 'node:assert';
import { RestartPolicy } from '../../client/src/restartPolicy';

describe('language server restart policy', () => {
  it('restarts, announcing only the first restart', () => {
    let now = 0;
    const policy = new RestartPolicy(5, 180_000, () => now);
    assert.deepEqual(policy.serverClosed(), { restart: true, announce: true });
    now += 60_000;
    assert.deepEqual(policy.serverClosed(), { restart: true, announce: false });
  });

  it('gives up (and says so) after too many crashes within the window, and recovers once they age out', () => {
    let now = 0;
    const policy = new RestartPolicy(3, 10_000, () => now);
    for (let i = 0; i < 3; i++) assert.equal(policy.serverClosed().restart, true);
    assert.deepEqual(policy.serverClosed(), { restart: false, announce: true });
    now += 10_001;
    assert.deepEqual(policy.serverClosed(), { restart: true, announce: false });
  });
});
