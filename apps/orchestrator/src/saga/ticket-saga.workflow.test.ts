import { WorkflowEvents } from '@ticket-saga/contracts';
import { describe, expect, it } from 'vitest';
import { SagaState } from './saga-state.js';
import type { SagaInput } from './saga-types.js';
import { FakeWorkflowContext, runWorkflow, type ActivityScript } from './testing/fake-workflow-context.js';
import { ticketSaga } from './ticket-saga.workflow.js';

const order: SagaInput = {
  orderId: '7f1b0a52-3f43-4c8e-9a57-0d6f2f4a3b11',
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
};

const everythingWorks: ActivityScript = {
  reserveTickets: () => ({ reserved: true }),
  rejectOrder: () => undefined,
  requestPayment: () => ({ paymentId: 'pay_1' }),
  confirmReservation: () => undefined,
  completeOrder: () => undefined,
  releaseReservation: () => undefined,
  declineOrder: () => undefined,
};

const paymentResult = (outcome: 'APPROVED' | 'DECLINED', reason?: string) => ({
  [WorkflowEvents.PaymentProcessed]: [{ paymentId: 'pay_1', outcome, reason }],
});

describe('ticket saga', () => {
  it('completes an order whose payment is approved: reserve, pay, confirm, complete', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, paymentResult('APPROVED'));

    const result = await runWorkflow(ticketSaga, ctx, order);

    expect(result).toEqual({ orderId: order.orderId, status: 'COMPLETED' });
    expect(ctx.activityNames).toEqual(['reserveTickets', 'requestPayment', 'confirmReservation', 'completeOrder']);
    expect(ctx.activityCalls[0]?.input).toEqual(order);
    expect(ctx.states).toEqual([
      SagaState.ReservingTickets,
      SagaState.RequestingPayment,
      SagaState.AwaitingPayment,
      SagaState.ConfirmingReservation,
      SagaState.CompletingOrder,
      SagaState.Completed,
    ]);
  });

  it('rejects an order without tickets and never asks for a payment', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, reserveTickets: () => ({ reserved: false, reason: 'sold out' }) });

    const result = await runWorkflow(ticketSaga, ctx, order);

    expect(result).toEqual({ orderId: order.orderId, status: 'REJECTED', reason: 'sold out' });
    expect(ctx.activityNames).toEqual(['reserveTickets', 'rejectOrder']);
    expect(ctx.activityCalls[1]?.input).toEqual({ orderId: order.orderId, reason: 'sold out' });
    expect(ctx.states.at(-1)).toBe(SagaState.Rejected);
  });

  it('releases the reservation, then declines the order, when the payment is declined', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, paymentResult('DECLINED', 'card declined'));

    const result = await runWorkflow(ticketSaga, ctx, order);

    expect(result).toEqual({ orderId: order.orderId, status: 'PAYMENT_DECLINED', reason: 'card declined' });
    expect(ctx.activityNames).toEqual(['reserveTickets', 'requestPayment', 'releaseReservation', 'declineOrder']);
    expect(ctx.activityNames).not.toContain('confirmReservation');
    expect(ctx.states.slice(-3)).toEqual([SagaState.ReleasingReservation, SagaState.DecliningOrder, SagaState.PaymentDeclined]);
  });
});
