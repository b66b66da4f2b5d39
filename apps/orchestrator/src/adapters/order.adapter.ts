import { AppIds, OrderStatusSchema, type OrderOutcome } from '@ticket-saga/contracts';
import { z } from 'zod';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { OrderPort } from '../saga/ports.js';
import type { CompleteOrderCommand } from '../saga/saga-types.js';
import type { FinalStatus } from '../saga/steps.js';
import { successBody } from './technical-error.js';

/** What the saga needs to see in the order service's answer: this order, final. The rest is the order service's business. */
const recordedOrder = (orderId: string) => z.object({ id: z.literal(orderId), status: OrderStatusSchema.exclude(['PENDING']) });

/** The order service through Dapr service invocation. */
export class OrderAdapter implements OrderPort {
  constructor(private readonly dapr: DaprSidecar) {}

  recordOutcome(orderId: string, status: Exclude<FinalStatus, 'COMPLETED'>, reason: string): Promise<void> {
    return this.send(orderId, { status, reason });
  }

  complete({ orderId, tickets, paymentId }: CompleteOrderCommand): Promise<void> {
    return this.send(orderId, { status: 'COMPLETED', tickets, paymentId });
  }

  /** Done only when the order service answers with the order, final: the saga may end on it. */
  private async send(orderId: string, outcome: OrderOutcome): Promise<void> {
    const result = await this.dapr.invoke(AppIds.order, `orders/${encodeURIComponent(orderId)}/outcome`, {
      method: 'PUT',
      body: outcome,
    });
    successBody('record order outcome', result, [200], recordedOrder(orderId));
  }
}
