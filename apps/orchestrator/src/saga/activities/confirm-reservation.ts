import type { ConfirmationResult } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** The held tickets become sold, unless the hold ran out meanwhile. */
export const confirmReservation = defineActivity<string, ConfirmationResult>('confirmReservation', ({ inventory }) => (_ctx, orderId) =>
  inventory.confirm(orderId),
);
