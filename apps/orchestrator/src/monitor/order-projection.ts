import { AppIds, type OrderProgress } from '@ticket-saga/contracts';
import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';
import { roleOf, STEP_NAMES, type StepName } from '../saga/steps.js';

/**
 * A step the saga passes through on its way elsewhere is reported only if the saga is still there
 * this long after: the forward steps before the payment wait, and those after it, each take a few
 * milliseconds, and reporting every one cost the order service a request and two state
 * operations per step (docs/performance.md).
 */
export const PASSING_STEP_MS = 250;

/**
 * Keeps each order's view of its saga (step and attempt) in the order service's own store, so
 * that a customer polling an order costs one local read there and never the workflow engine.
 * Best effort and out of the saga's way: a lost report is replaced by the next one. A step where
 * the customer waits (the payment), where the saga ends, or a retry is reported at once.
 */
export class OrderProjection {
  /** The report of a passing step, waiting to see whether the saga stays there. */
  private readonly passing = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
  ) {}

  report(orderId: string, progress: OrderProgress): void {
    clearTimeout(this.passing.get(orderId));
    this.passing.delete(orderId);
    if (isWorthWaitingFor(progress)) return void this.send(orderId, progress);
    const timer = setTimeout(() => {
      this.passing.delete(orderId);
      void this.send(orderId, progress);
    }, PASSING_STEP_MS);
    timer.unref();
    this.passing.set(orderId, timer);
  }

  private async send(orderId: string, progress: OrderProgress): Promise<void> {
    try {
      const { status, body } = await this.dapr.invoke(AppIds.order, `orders/${encodeURIComponent(orderId)}/progress`, { method: 'PUT', body: progress });
      if (status !== 204) this.logger.warn({ orderId, status, body }, 'order progress not recorded');
    } catch (err) {
      this.logger.warn({ err, orderId }, 'order progress not recorded');
    }
  }
}

function isWorthWaitingFor({ step, attempt }: OrderProgress): boolean {
  const role = STEP_NAMES.includes(step as StepName) ? roleOf(step as StepName) : undefined;
  return role === 'wait' || role === 'outcome' || attempt > 1;
}
