import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** No payment result in time; the payment is voided and the reservation released. */
export const timeOutOrder = defineActivity<OrderOutcomeCommand, void>('timeOutOrder', ({ orders }) => (_ctx, { orderId, reason }) =>
  orders.recordOutcome(orderId, 'PAYMENT_TIMEOUT', reason),
);
