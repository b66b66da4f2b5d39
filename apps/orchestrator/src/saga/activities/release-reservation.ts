import { defineActivity } from './activity.js';

/** Compensation of reserveTickets: the held tickets go back on sale. */
export const releaseReservation = defineActivity<string, void>('releaseReservation', ({ inventory }) => (_ctx, orderId) =>
  inventory.release(orderId),
);
