// How long a change waits before it is analysed (see docs/design.md, "Parts": analysisScheduler).
// The throttle is for changes that come faster than the server analyses them: a burst (typing
// faster than an analysis, a paste, a formatter, thousands of queued changes) is analysed a few
// times from the latest text, never once per change, and requests queued behind it are answered
// in between. A change that finds the server idle is analysed at once.
import { performance } from 'node:perf_hooks';

/**
 * The least time from the end of one analysis to the start of the next while changes keep
 * coming, and after a cheap analysis (shorter than this) always: a burst that trickles in over a
 * slow connection lets the server keep up with cheap analyses and go idle between the changes,
 * and without this floor each change would then be analysed on its own.
 */
export const MIN_ANALYSIS_INTERVAL_MS = 5;

/** The clock and event loop the throttle reads (a test gives its own). */
export interface ThrottleClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /**
   * Milliseconds the event loop has spent waiting for input with nothing else to do, so far. It
   * grows only while the loop blocks: not while input already received (read from the client
   * during an analysis, or queued in the protocol library) is handled.
   */
  idle(): number;
}

const processClock: ThrottleClock = {
  now: () => performance.now(),
  idle: () => performance.eventLoopUtilization().idle,
};

export class AnalysisThrottle {
  private lastStart = 0;
  private lastEnd = -Infinity;
  /** How long the last analysis took. */
  private lastMs = 0;
  private idleAtLastEnd = 0;

  constructor(private readonly clock: ThrottleClock = processClock) {}

  /**
   * How long to wait before analysing a change that has just been received (none is pending).
   *
   * When the event loop has not waited for input since the last analysis ended, the change was
   * received before it could wait: it queued behind the analysis. Changes then come faster than
   * they are analysed, so the next analysis waits as long after the last one as that one took (at
   * least MIN_ANALYSIS_INTERVAL_MS): the changes and requests received meanwhile are handled
   * first, and analysis takes at most half the server's time while the burst lasts. So does any
   * change after a cheap analysis (the wait is then short). Any other change found the server
   * idle, however soon after the last analysis, and is analysed at once.
   */
  wait(): number {
    const queued = this.clock.idle() <= this.idleAtLastEnd;
    if (!queued && this.lastMs >= MIN_ANALYSIS_INTERVAL_MS) return 0;
    return Math.max(0, this.lastEnd + Math.max(MIN_ANALYSIS_INTERVAL_MS, this.lastMs) - this.clock.now());
  }

  /** An analysis runs from now. */
  started(): void {
    this.lastStart = this.clock.now();
  }

  /** The analysis that started last has ended. */
  ended(): void {
    this.lastEnd = this.clock.now();
    this.lastMs = this.lastEnd - this.lastStart;
    this.idleAtLastEnd = this.clock.idle();
  }
}
