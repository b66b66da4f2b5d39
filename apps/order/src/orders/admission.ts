import { AppError } from '@ticket-saga/service-kit';

/** How far back the waits of recently started sagas describe the wait a new order would have. */
const WINDOW_MS = 5_000;

/**
 * Admission control: refuses a new order (503 with Retry-After) when its saga would wait longer
 * than `maxWaitMs` to start, instead of accepting work the orchestrator cannot begin in time.
 * It learns from the sagas it sees start (the first step each one reports) and from orders
 * accepted since the last start seen, which catches an orchestrator that starts nothing at all.
 * Nothing is stored for a refused order; an accepted order is never dropped.
 */
export class Admission {
  private recent: Array<{ at: number; waitMs: number }> = [];
  private acceptedSinceLastStart: number | undefined;

  constructor(
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  accepted(): void {
    this.acceptedSinceLastStart ??= this.now();
  }

  /** A saga reported its first step, `waitMs` after its order was accepted. */
  started(waitMs: number): void {
    const at = this.now();
    this.recent = [...this.recent.filter((s) => at - s.at < WINDOW_MS), { at, waitMs: Math.max(0, waitMs) }];
    this.acceptedSinceLastStart = undefined;
  }

  /** The median wait of the sagas started in the last few seconds, or how long none has started. */
  expectedWaitMs(): number {
    const at = this.now();
    const waits = this.recent
      .filter((s) => at - s.at < WINDOW_MS)
      .map((s) => s.waitMs)
      .sort((a, b) => a - b);
    const median = waits.length ? waits[Math.floor(waits.length / 2)]! : 0;
    const stalled = this.acceptedSinceLastStart === undefined ? 0 : at - this.acceptedSinceLastStart;
    return Math.max(median, stalled);
  }

  assertRoom(): void {
    const waitMs = this.expectedWaitMs();
    if (waitMs <= this.maxWaitMs) return;
    // Come back when the sagas queued now have started: sooner only adds to the queue of refusals.
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(waitMs / 1000)));
    throw AppError.unavailable(
      `sagas wait ${(waitMs / 1000).toFixed(1)} s to start, above the ${this.maxWaitMs / 1000} s this box office accepts; retry in ${retryAfter} s`,
      retryAfter,
    );
  }
}
