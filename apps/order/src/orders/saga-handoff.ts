import { Components, Events, Topics, type OrderPlaced } from '@ticket-saga/contracts';
import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';

const JOB_PREFIX = 'saga-handoff-';

/**
 * Hands an accepted order to the orchestrator. OrderPlaced is published at once; the safety net
 * is a repeating Dapr job, scheduled before the order is stored and kept by the scheduler whatever
 * crashes, that re-publishes OrderPlaced every `redriveSeconds` while the saga has not reported a
 * step, and is deleted once it has. A tick that finds the order service down is simply followed by
 * the next one. The orchestrator starts a saga once per order, so a re-drive never starts another.
 */
export class SagaHandoff {
  constructor(
    private readonly dapr: DaprSidecar,
    private readonly redriveSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The durable part: once this returns, the order cannot be stranded. */
  async secure(orderId: string): Promise<void> {
    const every = `${this.redriveSeconds}s`;
    await this.dapr.scheduleJob(jobName(orderId), { dueTime: every, schedule: `@every ${every}`, data: { orderId } });
  }

  /** The saga has reported (or the order is gone): the safety net is no longer needed. */
  async release(orderId: string): Promise<void> {
    try {
      await this.dapr.deleteJob(jobName(orderId));
    } catch (err) {
      this.logger.warn({ err, orderId }, 'handoff job not deleted; it fires again and finds nothing to do');
    }
  }

  /** The fast part: best effort, the job covers a failure. */
  async publish(event: OrderPlaced): Promise<boolean> {
    try {
      await this.dapr.publish(Components.pubsub, Topics.orders, event, { 'cloudevent.type': Events.OrderPlaced, partitionKey: event.orderId });
      return true;
    } catch (err) {
      this.logger.warn({ err, orderId: event.orderId }, `OrderPlaced not published; re-driven within ${this.redriveSeconds}s`);
      return false;
    }
  }
}

export const jobName = (orderId: string) => `${JOB_PREFIX}${orderId}`;

export const orderIdOfJob = (name: string): string | undefined => (name.startsWith(JOB_PREFIX) ? name.slice(JOB_PREFIX.length) : undefined);
