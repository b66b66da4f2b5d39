import type { Activity } from './activity.js';
import { completeOrder } from './complete-order.js';
import { confirmReservation } from './confirm-reservation.js';
import { declineOrder } from './decline-order.js';
import { rejectOrder } from './reject-order.js';
import { releaseReservation } from './release-reservation.js';
import { requestPayment } from './request-payment.js';
import { reserveTickets } from './reserve-tickets.js';

export { completeOrder, confirmReservation, declineOrder, rejectOrder, releaseReservation, requestPayment, reserveTickets };

/** Every activity the runtime must register. */
// Inputs differ per activity; the runtime passes each its own.
export const allActivities: ReadonlyArray<Activity<any, unknown>> = [
  reserveTickets,
  rejectOrder,
  requestPayment,
  confirmReservation,
  completeOrder,
  releaseReservation,
  declineOrder,
];
