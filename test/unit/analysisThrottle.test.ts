// When the server analyses a change (server/src/lsp/analysisThrottle.ts), on a clock and event
// loop the test drives: a change that queued behind an analysis waits as long after it as it took;
// any other change is analysed at once.
import { strict as assert } from 'node:assert';
import { AnalysisThrottle, MIN_ANALYSIS_INTERVAL_MS } from '../../server/src/lsp/analysisThrottle';

/** A server on a clock the test moves. */
function server() {
  const state = { now: 1000, idle: 0 };
  const throttle = new AnalysisThrottle({ now: () => state.now, idle: () => state.idle });
  return {
    throttle,
    /** An analysis of `ms`. */
    analyse(ms: number) {
      throttle.started();
      state.now += ms;
      throttle.ended();
    },
    /** The server works (handles input already received, collects garbage) for `ms`, without waiting for input. */
    busy(ms: number) {
      state.now += ms;
    },
    /** The event loop waits `ms` for input, with nothing to do. */
    quiet(ms: number) {
      state.now += ms;
      state.idle += ms;
    },
  };
}

describe('the analysis throttle', () => {
  it('analyses the first change at once', () => {
    assert.equal(server().throttle.wait(), 0);
  });

  it('analyses a change that found the server idle at once, however soon after the last analysis', () => {
    // The editor sent the keystroke when the last diagnostics arrived: nothing was queued, and
    // waiting as long as the 40 ms analysis took would only add latency.
    const s = server();
    s.analyse(40);
    s.quiet(0.5);
    s.busy(0.25); // reading and applying the change
    assert.equal(s.throttle.wait(), 0);
  });

  it('makes a change that queued behind an analysis wait as long after it as it took', () => {
    // A burst: changes arrived while the analysis ran and are handled right after it, without the
    // event loop ever waiting for input. The next analysis waits 40 ms after the end, so it reads
    // the latest text, and the requests queued meanwhile are answered first.
    const s = server();
    s.analyse(40);
    s.busy(1);
    assert.equal(s.throttle.wait(), 39);
    // The same after an analysis cheaper than the floor.
    s.analyse(1);
    assert.equal(s.throttle.wait(), MIN_ANALYSIS_INTERVAL_MS);
  });

  it('stops making a change wait once the server has been idle since the analysis', () => {
    const s = server();
    s.analyse(500);
    s.busy(0.5);
    assert.equal(s.throttle.wait(), 499.5, 'handled right after the end, without waiting for input: it queued during the analysis');
    s.quiet(100);
    assert.equal(s.throttle.wait(), 0, 'the loop waited for input since: nothing is queued now');
  });

  it('keeps a cheap analysis and the next at least the floor apart, even when the server went idle between', () => {
    // A slow client sends a burst one change at a time; the server keeps up and goes idle between
    // them. A 1 ms analysis per change would publish every version: the floor bounds the rate.
    const s = server();
    s.analyse(1);
    s.quiet(0.5);
    assert.equal(s.throttle.wait(), MIN_ANALYSIS_INTERVAL_MS - 0.5);
    s.quiet(MIN_ANALYSIS_INTERVAL_MS);
    assert.equal(s.throttle.wait(), 0);
  });
});
