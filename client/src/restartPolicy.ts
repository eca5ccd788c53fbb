// When the language server dies: restart it, unless it died too often lately (then it stays down
// rather than crash-looping), and announce only the first restart. No `vscode` import, so it is
// unit-tested directly.
export interface RestartDecision {
  restart: boolean;
  /** Say so to the user: the first restart of the session, or giving up. */
  announce: boolean;
}

export class RestartPolicy {
  private readonly restarts: number[] = [];
  private announced = false;

  constructor(
    readonly maxRestarts = 5,
    readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  serverClosed(): RestartDecision {
    const now = this.now();
    while (this.restarts.length && now - this.restarts[0] > this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.maxRestarts) return { restart: false, announce: true };
    this.restarts.push(now);
    const announce = !this.announced;
    this.announced = true;
    return { restart: true, announce };
  }
}
