import type { OrderOutcomeCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The order is paid and its tickets are sold. */
export const completeOrder = defineActivity<Omit<OrderOutcomeCommand, 'status'>, void>('completeOrder', ({ orders }) => (_ctx, command) =>
  orders.recordOutcome({ ...command, status: 'COMPLETED' }),
);
