import type { Activity } from './activity.js';
import { checkProducts } from './check-products.js';
import { completeOrder } from './complete-order.js';
import { confirmReservation } from './confirm-reservation.js';
import { declineOrder } from './decline-order.js';
import { failOrder } from './fail-order.js';
import { issueTickets } from './issue-tickets.js';
import { notifyCustomer } from './notify-customer.js';
import { rejectOrder } from './reject-order.js';
import { releaseReservation } from './release-reservation.js';
import { requestPayment } from './request-payment.js';
import { reserveTickets } from './reserve-tickets.js';
import { timeOutOrder } from './time-out-order.js';
import { voidPayment } from './void-payment.js';

export {
  checkProducts,
  completeOrder,
  confirmReservation,
  declineOrder,
  failOrder,
  issueTickets,
  notifyCustomer,
  rejectOrder,
  releaseReservation,
  requestPayment,
  reserveTickets,
  timeOutOrder,
  voidPayment,
};

/** Every activity the runtime must register. Inputs differ per activity; the runtime passes each its own. */
export const allActivities: ReadonlyArray<Activity<any, unknown>> = [
  checkProducts,
  reserveTickets,
  rejectOrder,
  requestPayment,
  confirmReservation,
  issueTickets,
  completeOrder,
  voidPayment,
  releaseReservation,
  declineOrder,
  timeOutOrder,
  notifyCustomer,
  failOrder,
];
