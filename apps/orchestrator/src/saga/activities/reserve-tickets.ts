import type { ReservationResult, SagaInput } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** Holds the order's tickets, all or nothing; the order id is the reservation id, so a re-run finds the same hold. */
export const reserveTickets = defineActivity<SagaInput, ReservationResult>('reserveTickets', ({ inventory }) => (_ctx, order) =>
  inventory.reserve(
    order.orderId,
    order.items.map((item) => ({ itemId: item.id, quantity: item.quantity })),
  ),
);
