import type { PaymentRequested, SagaInput } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** Asks for the charge; the answer is only "received", the result comes later on Kafka. */
export const requestPayment = defineActivity<SagaInput, PaymentRequested>('requestPayment', ({ payment }) => (_ctx, order) =>
  payment.request(order),
);
