import type { CompleteOrderCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The order is paid and its tickets are issued; the order service adds the receipt. */
export const completeOrder = defineActivity<CompleteOrderCommand, void>('completeOrder', ({ orders }) => (_ctx, command) =>
  orders.complete(command),
);
