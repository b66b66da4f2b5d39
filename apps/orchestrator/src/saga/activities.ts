import type { SagaPorts } from './ports.js';
import type { CompleteOrderCommand, NotifyCustomerCommand, OrderOutcomeCommand, PaymentCommand, ReserveCommand } from './saga-types.js';
import { STEPS, type ActivityStep, type OutcomeStep } from './steps.js';

/**
 * The saga's activities, one per step of steps.ts, over the adapters: every side effect of the
 * saga happens here. Each takes only what its step needs, because every input is written to the
 * workflow history and replayed. Business answers are values; technical failures throw, and the
 * workflow retries them.
 */
export function createActivities({ inventory, payment, orders, notifications }: SagaPorts) {
  /** The refusals differ only in the status their step records. */
  const recordOutcome =
    <K extends Exclude<OutcomeStep, 'completeOrder'>>(step: K) =>
    ({ orderId, reason }: OrderOutcomeCommand) =>
      orders.recordOutcome(orderId, STEPS[step].status, reason);

  return {
    /** The order id is the reservation id: a re-run finds the same hold. */
    reserveTickets: ({ orderId, lines }: ReserveCommand) => inventory.reserve(orderId, lines),
    rejectOrder: recordOutcome('rejectOrder'),
    requestPayment: (command: PaymentCommand) => payment.request(command),
    confirmReservation: (orderId: string) => inventory.confirm(orderId),
    issueTickets: (orderId: string) => inventory.issueTickets(orderId),
    completeOrder: (command: CompleteOrderCommand) => orders.complete(command),
    /** Safe on a payment never made: it leaves a tombstone, so a late request is never charged. */
    voidPayment: (orderId: string) => payment.void(orderId),
    /** Safe on tickets never held, or already released. */
    releaseReservation: (orderId: string) => inventory.release(orderId),
    declineOrder: recordOutcome('declineOrder'),
    notifyCustomer: (command: NotifyCustomerCommand) => notifications.notifyCustomer(command),
    timeOutOrder: recordOutcome('timeOutOrder'),
    failOrder: recordOutcome('failOrder'),
  } satisfies Record<ActivityStep, (input: never) => Promise<unknown>>;
}

export type Activities = ReturnType<typeof createActivities>;
export type ActivityInput<K extends ActivityStep> = Parameters<Activities[K]>[0];
export type ActivityOutput<K extends ActivityStep> = Awaited<ReturnType<Activities[K]>>;
