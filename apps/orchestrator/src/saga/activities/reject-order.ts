import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The order cannot be served (no tickets, unknown concert): nothing was charged. */
export const rejectOrder = defineActivity<Omit<OrderOutcomeCommand, 'status'>, void>('rejectOrder', ({ orders }) => (_ctx, command) =>
  orders.recordOutcome({ ...command, status: 'REJECTED' }),
);
