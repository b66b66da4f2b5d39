import { Components, type Payment } from '@ticket-saga/contracts';
import type { DaprSidecar, StateEntry } from '@ticket-saga/service-kit';

const STORE = Components.paymentStore;
const failuresKey = (orderId: string) => `failures:${orderId}`;

/** One payment per order, keyed by the order id: the natural idempotency key. */
export class PaymentsRepository {
  constructor(private readonly dapr: DaprSidecar) {}

  get(orderId: string): Promise<StateEntry<Payment> | undefined> {
    return this.dapr.getState<Payment>(STORE, orderId);
  }

  async save(payment: Payment, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: payment.orderId, value: payment, etag }]);
  }

  /** Counts the technical failures simulated for an order; returns the count after this one. */
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
