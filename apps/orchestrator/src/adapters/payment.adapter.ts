import { AppIds, PaymentAcceptedSchema } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { PaymentPort } from '../saga/ports.js';
import type { PaymentCommand, PaymentRequested } from '../saga/saga-types.js';
import { unexpected } from './technical-error.js';

/** The payment service through Dapr service invocation. */
export class PaymentAdapter implements PaymentPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async request({ orderId, customerId, amount, paymentToken }: PaymentCommand): Promise<PaymentRequested> {
    const { status, body } = await this.dapr.invoke(AppIds.payment, 'payments', {
      method: 'POST',
      body: { orderId, customerId, amount, token: paymentToken },
    });
    const accepted = PaymentAcceptedSchema.safeParse(body);
    if (status !== 202 || !accepted.success) throw unexpected('request payment', status, body);
    return { paymentId: accepted.data.paymentId };
  }

  async void(orderId: string): Promise<void> {
    const { status, body } = await this.dapr.invoke(AppIds.payment, `payments/${encodeURIComponent(orderId)}/void`, { method: 'POST' });
    if (status !== 200) throw unexpected('void payment', status, body);
  }
}
