import { AppIds, PaymentAcceptedSchema, PaymentStatusSchema } from '@ticket-saga/contracts';
import { z } from 'zod';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { PaymentPort } from '../saga/ports.js';
import type { PaymentCommand, PaymentRequested } from '../saga/saga-types.js';
import { successBody } from './technical-error.js';

/** A void is done when the payment is one that charges nothing: voided, refunded, or declined. */
const NotChargedSchema = z.object({ orderId: z.string(), status: PaymentStatusSchema.extract(['VOIDED', 'REFUNDED', 'DECLINED']) });

/** The payment service through Dapr service invocation. */
export class PaymentAdapter implements PaymentPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async request({ orderId, customerId, amount, paymentToken }: PaymentCommand): Promise<PaymentRequested> {
    const result = await this.dapr.invoke(AppIds.payment, 'payments', {
      method: 'POST',
      body: { orderId, customerId, amount, token: paymentToken },
    });
    const { paymentId } = successBody('request payment', result, [202], PaymentAcceptedSchema);
    return { paymentId };
  }

  async void(orderId: string): Promise<void> {
    const result = await this.dapr.invoke(AppIds.payment, `payments/${encodeURIComponent(orderId)}/void`, { method: 'POST' });
    successBody('void payment', result, [200], NotChargedSchema);
  }
}
