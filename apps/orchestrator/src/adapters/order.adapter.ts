import { AppIds, type OrderOutcome } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { OrderPort } from '../saga/ports.js';
import type { CompleteOrderCommand } from '../saga/saga-types.js';
import type { FinalStatus } from '../saga/steps.js';
import { unexpected } from './technical-error.js';

/** The order service through Dapr service invocation. */
export class OrderAdapter implements OrderPort {
  constructor(private readonly dapr: DaprSidecar) {}

  recordOutcome(orderId: string, status: Exclude<FinalStatus, 'COMPLETED'>, reason: string): Promise<void> {
    return this.send(orderId, { status, reason });
  }

  complete({ orderId, tickets, paymentId }: CompleteOrderCommand): Promise<void> {
    return this.send(orderId, { status: 'COMPLETED', tickets, paymentId });
  }

  private async send(orderId: string, outcome: OrderOutcome): Promise<void> {
    const { status, body } = await this.dapr.invoke(AppIds.order, `orders/${encodeURIComponent(orderId)}/outcome`, {
      method: 'PUT',
      body: outcome,
    });
    if (status !== 200) throw unexpected('record order outcome', status, body);
  }
}
