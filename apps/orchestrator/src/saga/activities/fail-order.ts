import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** A technical failure outlasted its retries; whatever was done is already undone. */
export const failOrder = defineActivity<OrderOutcomeCommand, void>('failOrder', ({ orders }) => (_ctx, { orderId, reason }) =>
  orders.recordOutcome(orderId, 'FAILED', reason),
);
