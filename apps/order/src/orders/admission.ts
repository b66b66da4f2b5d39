import { AppError } from '@ticket-saga/service-kit';
import type { OrdersRepository } from './orders.repository.js';

/** How far back the waits of recently started sagas describe the wait a new order would have. */
const WINDOW_MS = 5_000;
/** How often a stalled-looking order is looked up in the shared store, at most. */
const LOOKUP_INTERVAL_MS = 1_000;
/** Orders remembered as waiting to start; beyond this the oldest are forgotten (a lost start cannot pin the door). */
const MAX_WAITING = 10_000;

/** Whether an order's saga has begun (it reported a step, or the order has an outcome), as the shared store says. */
export type HasStarted = (orderId: string) => Promise<boolean>;

export function startedIn(store: Pick<OrdersRepository, 'get' | 'getProgress'>): HasStarted {
  return async (orderId) => (await store.getProgress(orderId)) !== undefined || (await store.get(orderId))?.value.status !== 'PENDING';
}

/**
 * Admission control: refuses a new order (503 with Retry-After) when its saga would wait longer
 * than `maxWaitMs` to start, instead of accepting work the orchestrator cannot begin in time.
 * It learns from the sagas it sees start (the first step each one reports) and from the orders it
 * accepted that have not started yet, which catches an orchestrator that starts nothing at all.
 * The recent waits describe a queue only while there is one: once every order this door accepted
 * has started, a new one starts at once, however long the last ones waited. A start reported to
 * another replica, or lost, is found in the shared store when its order looks stalled, so the door
 * never refuses for a saga that is already running. Nothing is stored for a refused order; an
 * accepted order is never dropped.
 */
export class Admission {
  private recent: Array<{ at: number; waitMs: number }> = [];
  /** Orders accepted here whose saga has not been seen to start, oldest first. */
  private readonly waiting = new Map<string, number>();
  private lastLookupAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxWaitMs: number,
    private readonly hasStarted: HasStarted,
    private readonly now: () => number = Date.now,
  ) {}

  accepted(orderId: string): void {
    this.waiting.set(orderId, this.now());
    if (this.waiting.size > MAX_WAITING) this.waiting.delete(this.waiting.keys().next().value!);
  }

  /** A saga reported its first step, `waitMs` after its order was accepted. */
  started(orderId: string, waitMs: number): void {
    const at = this.now();
    this.recent = [...this.recent.filter((s) => at - s.at < WINDOW_MS), { at, waitMs: Math.max(0, waitMs) }];
    this.waiting.delete(orderId);
  }

  /** The order has its outcome: whatever became of its reports, it no longer waits. */
  settled(orderId: string): void {
    this.waiting.delete(orderId);
  }

  /** Nothing waiting: no wait. Otherwise the median wait of the sagas started lately, or the oldest order's wait so far. */
  expectedWaitMs(): number {
    const oldest = this.waiting.values().next();
    if (oldest.done) return 0;
    const at = this.now();
    const waits = this.recent
      .filter((s) => at - s.at < WINDOW_MS)
      .map((s) => s.waitMs)
      .sort((a, b) => a - b);
    const median = waits.length ? waits[Math.floor(waits.length / 2)]! : 0;
    return Math.max(median, at - oldest.value);
  }

  async assertRoom(): Promise<void> {
    await this.forgetStartedElsewhere();
    const waitMs = this.expectedWaitMs();
    if (waitMs <= this.maxWaitMs) return;
    // Come back when the sagas queued now have started: sooner only adds to the queue of refusals.
    const retryAfter = Math.min(60, Math.max(1, Math.ceil(waitMs / 1000)));
    throw AppError.unavailable(
      `sagas wait ${(waitMs / 1000).toFixed(1)} s to start, above the ${this.maxWaitMs / 1000} s this box office accepts; retry in ${retryAfter} s`,
      retryAfter,
    );
  }

  /**
   * Before refusing: looks up the orders still waiting here, oldest first, and forgets those whose
   * saga started (or ended) as another replica heard. The first one still waiting confirms the
   * queue; the next look is then a second away, so refusals under a real queue stay cheap.
   */
  private async forgetStartedElsewhere(): Promise<void> {
    if (this.expectedWaitMs() <= this.maxWaitMs) return;
    const at = this.now();
    if (at - this.lastLookupAt < LOOKUP_INTERVAL_MS) return;
    for (const orderId of this.waiting.keys()) {
      if (!(await this.hasStarted(orderId))) return void (this.lastLookupAt = at);
      this.waiting.delete(orderId);
    }
  }
}
