import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The payment was not effected: the reservation is already released. */
export const declineOrder = defineActivity<Omit<OrderOutcomeCommand, 'status'>, void>('declineOrder', ({ orders }) => (_ctx, command) =>
  orders.recordOutcome({ ...command, status: 'PAYMENT_DECLINED' }),
);
