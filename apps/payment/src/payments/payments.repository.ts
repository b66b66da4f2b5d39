import { Components } from '@ticket-saga/contracts';
import type { DaprSidecar, StateEntry } from '@ticket-saga/service-kit';
import type { PaymentRecord } from './payment-record.js';
import type { FailureCounter } from './simulator.js';

const STORE = Components.paymentStore;
const failuresKey = (orderId: string) => `failures:${orderId}`;

/** One record per order, keyed by the order id: the natural idempotency key. */
export class PaymentsRepository implements FailureCounter {
  constructor(private readonly dapr: DaprSidecar) {}

  get(orderId: string): Promise<StateEntry<PaymentRecord> | undefined> {
    return this.dapr.getState<PaymentRecord>(STORE, orderId);
  }

  async save(record: PaymentRecord, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: record.orderId, value: record, etag }]);
  }

  async countFailure(orderId: string): Promise<number> {
    const entry = await this.dapr.getState<number>(STORE, failuresKey(orderId));
    const count = (entry?.value ?? 0) + 1;
    await this.dapr.saveState(STORE, [{ key: failuresKey(orderId), value: count, etag: entry?.etag }]);
    return count;
  }

  async failuresSoFar(orderId: string): Promise<number> {
    return (await this.dapr.getState<number>(STORE, failuresKey(orderId)))?.value ?? 0;
  }
}
