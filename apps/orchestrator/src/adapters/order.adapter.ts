import { AppIds } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { OrderPort } from '../saga/ports.js';
import type { OrderOutcomeCommand } from '../saga/saga-types.js';
import { unexpected } from './technical-error.js';

/** The order service through Dapr service invocation. */
export class OrderAdapter implements OrderPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async recordOutcome({ orderId, status: outcome, reason }: OrderOutcomeCommand): Promise<void> {
    const { status, body } = await this.dapr.invoke(AppIds.order, `orders/${encodeURIComponent(orderId)}/outcome`, {
      method: 'PUT',
      body: { status: outcome, ...(reason !== undefined && { reason }) },
    });
    if (status !== 200) throw unexpected('record order outcome', status, body);
  }
}
