import type { Task, WorkflowContext } from '@dapr/dapr';
import type { Activity } from './activities/activity.js';
import {
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
} from './activities/index.js';
import { awaitPayment } from './await-payment.js';
import { RetriesExhausted, withRetry } from './retry-policy.js';
import { encodeSagaStatus, SagaState } from './saga-state.js';
import type { FinalStatus, SagaInput, SagaResult } from './saga-types.js';

type Saga = AsyncGenerator<Task<unknown>, SagaResult, unknown>;

/**
 * The ticket saga. It reads like the README's diagram, box for box: every decision is taken
 * here, every side effect is an activity. No I/O, no clock, no randomness: it is replayed.
 * (Async only because the SDK recognises workflows by their async iterator; it never awaits.)
 *
 * Confirming the reservation is the pivot: before it, a step that keeps failing is compensated
 * and the order FAILED; after it, the tickets are sold and the saga only moves forward, retrying
 * until done. Compensations, too, retry until done.
 */
export async function* ticketSaga(ctx: WorkflowContext, order: SagaInput): Saga {
  const { orderId, settings } = order;
  const step = <I, O>(state: SagaState, activity: Activity<I, O>, input: I) =>
    withRetry(ctx, state, activity, input, settings.stepRetry, order.traceparent);
  const untilDone = <I, O>(state: SagaState, activity: Activity<I, O>, input: I) =>
    withRetry(ctx, state, activity, input, settings.untilDoneRetry, order.traceparent);
  const finish = (state: SagaState, status: FinalStatus, reason?: string): SagaResult => {
    ctx.setCustomStatus(encodeSagaStatus({ state, attempt: 1 }));
    return { orderId, status, ...(reason !== undefined && { reason }) };
  };

  let ticketsHeld = false;
  let paymentRequested = false;
  try {
    const products = yield* step(SagaState.CheckingProducts, checkProducts, order);
    if (!products.available) {
      yield* untilDone(SagaState.RejectingOrder, rejectOrder, { orderId, reason: products.reason });
      return finish(SagaState.Rejected, 'REJECTED', products.reason);
    }

    ticketsHeld = true;
    const reservation = yield* step(SagaState.ReservingTickets, reserveTickets, order);
    if (!reservation.reserved) {
      yield* untilDone(SagaState.RejectingOrder, rejectOrder, { orderId, reason: reservation.reason });
      return finish(SagaState.Rejected, 'REJECTED', reservation.reason);
    }

    paymentRequested = true;
    const { paymentId } = yield* step(SagaState.RequestingPayment, requestPayment, order);

    ctx.setCustomStatus(encodeSagaStatus({ state: SagaState.AwaitingPayment, attempt: 1 }));
    const payment = yield* awaitPayment(ctx, settings.paymentTimeoutSeconds);

    if (!payment) {
      const reason = `no payment result within ${settings.paymentTimeoutSeconds}s`;
      yield* untilDone(SagaState.VoidingPayment, voidPayment, orderId);
      yield* untilDone(SagaState.ReleasingReservation, releaseReservation, orderId);
      yield* untilDone(SagaState.TimingOutOrder, timeOutOrder, { orderId, reason });
      yield* untilDone(SagaState.NotifyingCustomer, notifyCustomer, {
        orderId,
        customerId: order.customerId,
        reason: 'PAYMENT_TIMEOUT',
        message: 'We did not hear back from your bank in time: you have not been charged and the tickets are back on sale.',
      });
      return finish(SagaState.PaymentTimeout, 'PAYMENT_TIMEOUT', reason);
    }

    if (payment.outcome === 'DECLINED') {
      const reason = payment.reason ?? 'payment declined';
      yield* untilDone(SagaState.ReleasingReservation, releaseReservation, orderId);
      yield* untilDone(SagaState.DecliningOrder, declineOrder, { orderId, reason });
      return finish(SagaState.PaymentDeclined, 'PAYMENT_DECLINED', reason);
    }

    const confirmation = yield* step(SagaState.ConfirmingReservation, confirmReservation, orderId);
    if (!confirmation.confirmed) {
      // The hold ran out before the money came: the tickets are gone, the money goes back.
      yield* untilDone(SagaState.VoidingPayment, voidPayment, orderId);
      yield* untilDone(SagaState.FailingOrder, failOrder, { orderId, reason: confirmation.reason });
      return finish(SagaState.Failed, 'FAILED', confirmation.reason);
    }
    ticketsHeld = false;
    paymentRequested = false;

    const tickets = yield* untilDone(SagaState.IssuingTickets, issueTickets, orderId);
    yield* untilDone(SagaState.CompletingOrder, completeOrder, { orderId, tickets, paymentId });
    return finish(SagaState.Completed, 'COMPLETED');
  } catch (err) {
    if (!(err instanceof RetriesExhausted)) throw err;
    // Undo whatever may have happened, even if its answer was lost: both undos are safe on nothing.
    if (paymentRequested) yield* untilDone(SagaState.VoidingPayment, voidPayment, orderId);
    if (ticketsHeld) yield* untilDone(SagaState.ReleasingReservation, releaseReservation, orderId);
    yield* untilDone(SagaState.FailingOrder, failOrder, { orderId, reason: err.message });
    return finish(SagaState.Failed, 'FAILED', err.message);
  }
}
