import type { FinalStatus } from '../saga/saga-types.js';

/** The boxes of the saga diagram, in the workflow's order; awaitPayment is the wait for the result. */
export const DIAGRAM_STEPS = [
  'checkProducts',
  'reserveTickets',
  'rejectOrder',
  'requestPayment',
  'awaitPayment',
  'confirmReservation',
  'issueTickets',
  'completeOrder',
  'voidPayment',
  'releaseReservation',
  'declineOrder',
  'timeOutOrder',
  'notifyCustomer',
  'failOrder',
] as const;
export type DiagramStep = (typeof DIAGRAM_STEPS)[number];

export const COMPENSATIONS: ReadonlySet<string> = new Set(['voidPayment', 'releaseReservation']);

/** The steps that record a saga's outcome on the order: the saga has ended once one succeeds. */
export const OUTCOME_STEPS: Readonly<Record<string, FinalStatus>> = {
  completeOrder: 'COMPLETED',
  rejectOrder: 'REJECTED',
  declineOrder: 'PAYMENT_DECLINED',
  timeOutOrder: 'PAYMENT_TIMEOUT',
  failOrder: 'FAILED',
};

export const AWAIT_PAYMENT = 'awaitPayment';
