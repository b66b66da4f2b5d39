import type { Task, WorkflowContext } from '@dapr/dapr';
import { WorkflowEvents } from '@ticket-saga/contracts';
import {
  completeOrder,
  confirmReservation,
  declineOrder,
  rejectOrder,
  releaseReservation,
  requestPayment,
  reserveTickets,
} from './activities/index.js';
import { encodeSagaStatus, SagaState } from './saga-state.js';
import type { PaymentResult, ReservationResult, SagaInput, SagaResult } from './saga-types.js';

/**
 * The ticket saga. It reads like the README's diagram, box for box: every decision is taken
 * here, every side effect is an activity. No I/O, no clock, no randomness: it is replayed.
 * (Async only because the SDK recognises workflows by their async iterator; it never awaits.)
 */
export async function* ticketSaga(ctx: WorkflowContext, order: SagaInput): AsyncGenerator<Task<unknown>, SagaResult, never> {
  const { orderId } = order;
  const enter = (state: SagaState) => ctx.setCustomStatus(encodeSagaStatus({ state }));

  enter(SagaState.ReservingTickets);
  const reservation = (yield ctx.callActivity(reserveTickets.name, order)) as ReservationResult;
  if (!reservation.reserved) {
    enter(SagaState.RejectingOrder);
    yield ctx.callActivity(rejectOrder.name, { orderId, reason: reservation.reason });
    enter(SagaState.Rejected);
    return { orderId, status: 'REJECTED', reason: reservation.reason };
  }

  enter(SagaState.RequestingPayment);
  yield ctx.callActivity(requestPayment.name, order);

  enter(SagaState.AwaitingPayment);
  const payment = (yield ctx.waitForExternalEvent(WorkflowEvents.PaymentProcessed)) as PaymentResult;

  if (payment.outcome === 'APPROVED') {
    enter(SagaState.ConfirmingReservation);
    yield ctx.callActivity(confirmReservation.name, orderId);
    enter(SagaState.CompletingOrder);
    yield ctx.callActivity(completeOrder.name, { orderId });
    enter(SagaState.Completed);
    return { orderId, status: 'COMPLETED' };
  }

  const reason = payment.reason ?? 'payment declined';
  enter(SagaState.ReleasingReservation);
  yield ctx.callActivity(releaseReservation.name, orderId);
  enter(SagaState.DecliningOrder);
  yield ctx.callActivity(declineOrder.name, { orderId, reason });
  enter(SagaState.PaymentDeclined);
  return { orderId, status: 'PAYMENT_DECLINED', reason };
}
