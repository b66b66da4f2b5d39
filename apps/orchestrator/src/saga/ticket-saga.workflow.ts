import type { Task, WorkflowContext } from '@dapr/dapr';
import { WorkflowEvents } from '@ticket-saga/contracts';
import { RetriesExhausted, sagaSteps } from './saga-steps.workflow.js';
import type { PaymentResult, SagaInput, SagaResult } from './saga-types.js';

type Saga = AsyncGenerator<Task<unknown>, SagaResult, unknown>;

const TIMEOUT_MESSAGE = 'We did not hear back from your bank in time: you have not been charged and the tickets are back on sale.';

/**
 * The ticket saga. It reads like the README's diagram (steps.ts FLOW), box for box: every decision
 * is taken here, every side effect is an activity, and every flow ends with an outcome step. No
 * I/O, no clock, no randomness: it is replayed. (Async only because the SDK recognises workflows
 * by their async iterator; it never awaits.)
 *
 * Confirming the reservation is the pivot: before it, a step that keeps failing is compensated
 * and the order FAILED; after it, the tickets are sold and the saga only moves forward.
 */
export async function* ticketSaga(ctx: WorkflowContext, order: SagaInput): Saga {
  const { orderId, customerId, amount, paymentToken, settings } = order;
  const { run, waitFor, end } = sagaSteps(ctx, order);

  let ticketsHeld = false;
  let paymentRequested = false;
  try {
    ticketsHeld = true;
    const lines = order.items.map((item) => ({ itemId: item.id, quantity: item.quantity }));
    const reservation = yield* run('reserveTickets', { orderId, lines });
    if (!reservation.reserved) return yield* end('rejectOrder', { orderId, reason: reservation.reason });

    paymentRequested = true;
    const { paymentId } = yield* run('requestPayment', { orderId, customerId, amount, paymentToken });
    const payment = yield* waitFor<PaymentResult>('awaitPayment', WorkflowEvents.PaymentProcessed, settings.paymentTimeoutSeconds);

    if (!payment) {
      yield* run('voidPayment', orderId);
      yield* run('releaseReservation', orderId);
      yield* run('notifyCustomer', { orderId, customerId, reason: 'PAYMENT_TIMEOUT', message: TIMEOUT_MESSAGE });
      return yield* end('timeOutOrder', { orderId, reason: `no payment result within ${settings.paymentTimeoutSeconds}s` });
    }

    if (payment.outcome === 'DECLINED') {
      yield* run('releaseReservation', orderId);
      return yield* end('declineOrder', { orderId, reason: payment.reason ?? 'payment declined' });
    }

    const confirmation = yield* run('confirmReservation', orderId);
    if (!confirmation.confirmed) {
      // The hold ran out before the money came: the tickets are gone, the money goes back.
      yield* run('voidPayment', orderId);
      return yield* end('failOrder', { orderId, reason: confirmation.reason });
    }
    ticketsHeld = false;
    paymentRequested = false;

    const tickets = yield* run('issueTickets', orderId);
    return yield* end('completeOrder', { orderId, tickets, paymentId });
  } catch (err) {
    if (!(err instanceof RetriesExhausted)) throw err;
    // Undo whatever may have happened, even if its answer was lost: both undos are safe on nothing.
    if (paymentRequested) yield* run('voidPayment', orderId);
    if (ticketsHeld) yield* run('releaseReservation', orderId);
    return yield* end('failOrder', { orderId, reason: err.message });
  }
}
