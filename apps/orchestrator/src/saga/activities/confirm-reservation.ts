import { defineActivity } from './activity.js';

/** The held tickets become sold. */
export const confirmReservation = defineActivity<string, void>('confirmReservation', ({ inventory }) => (_ctx, orderId) =>
  inventory.confirm(orderId),
);
