// When a change is analysed (see docs/design.md, "Parts": analysisScheduler). The throttle is for
// changes that come faster than the server analyses them: a burst (typing faster than an
// analysis, a paste, a formatter, thousands of queued changes) is analysed a few times from the
// latest text, never once per change, and requests queued behind it are answered in between. A
// change that comes alone is analysed at once.
import { performance } from 'node:perf_hooks';

/**
 * The least time from the end of one analysis to the start of the next while changes keep
 * coming, and after a cheap analysis (shorter than this) always: a burst that trickles in over a
 * slow connection lets the server keep up with cheap analyses and go idle between the changes,
 * and without this floor each change would then be analysed on its own.
 */
export const MIN_ANALYSIS_INTERVAL_MS = 5;

/** Undoes a `later` or `afterReceived` call. */
export type Cancel = () => void;

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
  /** Runs `run` in `ms` milliseconds (0: as soon as the input already received allows). */
  later(ms: number, run: () => void): Cancel;
  /**
   * Runs `run` once the messages already received have had their turn: the protocol library
   * handles one message per turn of the event loop, so two turns let the next one in.
   */
  afterReceived(run: () => void): Cancel;
}

const processClock: ThrottleClock = {
  now: () => performance.now(),
  idle: () => performance.eventLoopUtilization().idle,
  later(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
  afterReceived(run) {
    let inner: NodeJS.Immediate | undefined;
    const outer = setImmediate(() => (inner = setImmediate(run)));
    return () => {
      clearImmediate(outer);
      if (inner) clearImmediate(inner);
    };
  },
};

export class AnalysisThrottle {
  private lastStart = 0;
  private lastEnd = -Infinity;
  /** How long the last analysis took. */
  private lastMs = 0;
  private idleAtLastEnd = 0;
  /** Changes received while one waits. */
  private changesWhileWaiting = 0;
  private cancelWait: Cancel | undefined;

  constructor(private readonly clock: ThrottleClock = processClock) {}

  /** Whether a change waits to be analysed. */
  get waiting(): boolean {
    return this.cancelWait !== undefined;
  }

  /**
   * A change has been received: `analyse` runs when it is its time, once however many changes
   * come until then.
   *
   * A change that finds the server idle (the event loop has waited for input since the last
   * analysis ended) is analysed at once. One that did not may have queued behind the analysis:
   * the messages already received are let in first, and if another change is among them,
   * changes come faster than they are analysed, so the next analysis waits as long after the
   * last one as that one took (at least MIN_ANALYSIS_INTERVAL_MS): the changes and requests
   * received meanwhile are handled first, and analysis takes at most half the server's time while
   * the burst lasts. A change that came alone is analysed at once: the editor sent it when it
   * got the last diagnostics, and the server was still busy (writing them, collecting garbage).
   * After a cheap analysis every change keeps the floor.
   */
  changed(analyse: () => void): void {
    if (this.cancelWait) {
      this.changesWhileWaiting++;
      return;
    }
    const run = () => {
      this.cancelWait = undefined;
      analyse();
    };
    const cheap = this.lastMs < MIN_ANALYSIS_INTERVAL_MS;
    const queued = this.clock.idle() <= this.idleAtLastEnd;
    if (cheap || !queued || this.untilSpaced() === 0) {
      this.cancelWait = this.clock.later(cheap ? this.untilSpaced() : 0, run);
      return;
    }
    this.changesWhileWaiting = 0;
    this.cancelWait = this.clock.afterReceived(() => {
      this.cancelWait = this.changesWhileWaiting ? this.clock.later(this.untilSpaced(), run) : this.clock.later(0, run);
    });
  }

  /** The waiting change is being analysed now by other means (a request needs the findings). */
  cancel(): void {
    this.cancelWait?.();
    this.cancelWait = undefined;
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

  /** How long until the next analysis is as far after the last one as that one took (at least the floor). */
  private untilSpaced(): number {
    return Math.max(0, this.lastEnd + Math.max(MIN_ANALYSIS_INTERVAL_MS, this.lastMs) - this.clock.now());
  }
}
