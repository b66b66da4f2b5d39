import { Components, type Payment } from '@ticket-saga/contracts';
import type { DaprSidecar, StateEntry } from '@ticket-saga/service-kit';

const STORE = Components.paymentStore;

/** One payment per order, keyed by the order id: the natural idempotency key. */
export class PaymentsRepository {
  constructor(private readonly dapr: DaprSidecar) {}

  get(orderId: string): Promise<StateEntry<Payment> | undefined> {
    return this.dapr.getState<Payment>(STORE, orderId);
  }

  async save(payment: Payment, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: payment.orderId, value: payment, etag }]);
  }
}
