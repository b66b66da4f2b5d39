import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The payment was not effected; the reservation is already released. */
export const declineOrder = defineActivity<OrderOutcomeCommand, void>('declineOrder', ({ orders }) => (_ctx, { orderId, reason }) =>
  orders.recordOutcome(orderId, 'PAYMENT_DECLINED', reason),
);
