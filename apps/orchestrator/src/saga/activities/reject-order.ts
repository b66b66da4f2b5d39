import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The order cannot be served (withdrawn concert, no tickets left): nothing was charged. */
export const rejectOrder = defineActivity<OrderOutcomeCommand, void>('rejectOrder', ({ orders }) => (_ctx, { orderId, reason }) =>
  orders.recordOutcome(orderId, 'REJECTED', reason),
);
