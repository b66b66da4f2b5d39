import { WorkflowEvents } from '@ticket-saga/contracts';
import { describe, expect, it } from '@jest/globals';
import type { SagaInput, SagaResult } from './saga-types.js';
import { ACTIVITY_STEPS } from './steps.js';
import { FakeWorkflowContext, runWorkflow, type ActivityScript } from './testing/fake-workflow-context.js';
import { walkFlow } from './testing/walk-flow.js';
import { ticketSaga } from './ticket-saga.workflow.js';

const orderId = '7f1b0a52-3f43-4c8e-9a57-0d6f2f4a3b11';
const order: SagaInput = {
  orderId,
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
  paymentToken: 'tok_approve',
  settings: {
    paymentTimeoutSeconds: 30,
    stepRetry: { maxAttempts: 4, firstDelaySeconds: 1, maxDelaySeconds: 3 },
    untilDoneRetry: { maxAttempts: Number.MAX_SAFE_INTEGER, firstDelaySeconds: 1, maxDelaySeconds: 3 },
  },
};
const tickets = [{ code: 'TKT-0001', itemId: order.items[0]!.id }];

const everythingWorks: ActivityScript = {
  reserveTickets: () => ({ reserved: true }),
  rejectOrder: () => undefined,
  requestPayment: () => ({ paymentId: 'pay_1' }),
  confirmReservation: () => ({ confirmed: true }),
  issueTickets: () => tickets,
  completeOrder: () => undefined,
  voidPayment: () => undefined,
  releaseReservation: () => undefined,
  declineOrder: () => undefined,
  timeOutOrder: () => undefined,
  notifyCustomer: () => undefined,
  failOrder: () => undefined,
};

const paymentResult = (outcome: 'APPROVED' | 'DECLINED', reason?: string) => ({
  [WorkflowEvents.PaymentProcessed]: [{ paymentId: 'pay_1', outcome, reason }],
});
const approved = () => paymentResult('APPROVED');
const failsTimes = (times: number, value: unknown) => (_: unknown, attempt: number) =>
  attempt <= times ? new Error(`503 from payment (attempt ${attempt})`) : value;

/** Runs the saga and holds what it did against the diagram: its path must be a drawn one, to the end it returned. */
async function runSaga(ctx: FakeWorkflowContext, input: SagaInput = order): Promise<SagaResult> {
  const result = await runWorkflow(ticketSaga, ctx, input);
  expect(walkFlow(ctx.path)).toBe(result.status);
  return result;
}

describe('ticket saga', () => {
  it('approved: reserves, pays, confirms, issues the tickets and completes the order', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, approved());

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'COMPLETED' });
    expect(ctx.activityNames).toEqual(['reserveTickets', 'requestPayment', 'confirmReservation', 'issueTickets', 'completeOrder']);
    expect(ctx.activityCalls.at(-1)?.input).toEqual({ orderId, tickets, paymentId: 'pay_1' });
    expect(ctx.path).toEqual(['reserveTickets', 'requestPayment', 'awaitPayment', 'confirmReservation', 'issueTickets', 'completeOrder']);
    expect(ctx.timers).toEqual([]);
  });

  it('hands the order’s trace context to every activity', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const ctx = new FakeWorkflowContext(everythingWorks, paymentResult('DECLINED'));

    await runSaga(ctx, { ...order, traceparent });

    expect(ctx.activityCalls.length).toBeGreaterThan(3);
    expect(ctx.activityCalls.every((call) => call.traceparent === traceparent)).toBe(true);
  });

  it('sold out or withdrawn: rejects the order with the reservation’s reason and never asks for a payment', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, reserveTickets: () => ({ reserved: false, reason: 'sold out' }) });

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'REJECTED', reason: 'sold out' });
    expect(ctx.activityNames).toEqual(['reserveTickets', 'rejectOrder']);
    expect(ctx.activityCalls.at(-1)?.input).toEqual({ orderId, reason: 'sold out' });
  });

  it('declined: releases the reservation, then declines the order', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, paymentResult('DECLINED', 'card declined'));

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'PAYMENT_DECLINED', reason: 'card declined' });
    expect(ctx.activityNames.slice(2)).toEqual(['releaseReservation', 'declineOrder']);
    expect(ctx.activityNames).not.toContain('confirmReservation');
  });

  it('no result in time: voids the payment, releases the tickets, notifies the customer, times the order out', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, {});

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'PAYMENT_TIMEOUT', reason: 'no payment result within 30s' });
    expect(ctx.timers).toEqual([30]);
    expect(ctx.activityNames.slice(2)).toEqual(['voidPayment', 'releaseReservation', 'notifyCustomer', 'timeOutOrder']);
    expect(ctx.activityCalls.at(-2)?.input).toMatchObject({ orderId, customerId: order.customerId, reason: 'PAYMENT_TIMEOUT' });
  });

  it('payment service failing twice: retries durably with exponential backoff, the attempt shows, then completes', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, requestPayment: failsTimes(2, { paymentId: 'pay_1' }) }, approved());

    const result = await runSaga(ctx);

    expect(result.status).toBe('COMPLETED');
    expect(ctx.activityNames.filter((n) => n === 'requestPayment')).toHaveLength(3);
    expect(ctx.timers).toEqual([1, 2]);
    expect(ctx.statuses.filter((s) => s.step === 'requestPayment')).toEqual([
      { step: 'requestPayment', attempt: 1 },
      { step: 'requestPayment', attempt: 2, lastError: '503 from payment (attempt 1)' },
      { step: 'requestPayment', attempt: 3, lastError: '503 from payment (attempt 2)' },
    ]);
    // The observers are told the attempt, not left to count it.
    expect(ctx.activityCalls.filter((c) => c.name === 'requestPayment').map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('payment retries exhausted: voids, releases the tickets and fails the order', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, requestPayment: () => new Error('connection refused') }, approved());

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'FAILED', reason: 'requestPayment failed 4 times, last: connection refused' });
    expect(ctx.timers).toEqual([1, 2, 3]);
    expect(ctx.activityNames.slice(-3)).toEqual(['voidPayment', 'releaseReservation', 'failOrder']);
  });

  it('reservation retries exhausted: releases whatever may be held, never touches the payment', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, reserveTickets: () => new Error('timeout') });

    const result = await runSaga(ctx);

    expect(result.status).toBe('FAILED');
    expect(ctx.activityNames.slice(-2)).toEqual(['releaseReservation', 'failOrder']);
    expect(ctx.activityNames).not.toContain('voidPayment');
  });

  it('compensations retry until they succeed, beyond the forward steps’ limit', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, releaseReservation: failsTimes(6, undefined) }, paymentResult('DECLINED'));

    const result = await runSaga(ctx);

    expect(result.status).toBe('PAYMENT_DECLINED');
    expect(ctx.activityNames.filter((n) => n === 'releaseReservation')).toHaveLength(7);
    expect(ctx.timers).toEqual([1, 2, 3, 3, 3, 3]);
  });

  it('hold expired before the money came: refunds the payment and fails the order', async () => {
    const reason = 'the tickets were held too long and went back on sale';
    const ctx = new FakeWorkflowContext({ ...everythingWorks, confirmReservation: () => ({ confirmed: false, reason }) }, approved());

    const result = await runSaga(ctx);

    expect(result).toEqual({ orderId, status: 'FAILED', reason });
    expect(ctx.activityNames.slice(-2)).toEqual(['voidPayment', 'failOrder']);
  });

  it('after the pivot (tickets sold) only moves forward: issuing tickets is retried until done, nothing is undone', async () => {
    const ctx = new FakeWorkflowContext({ ...everythingWorks, issueTickets: failsTimes(5, tickets) }, approved());

    const result = await runSaga(ctx);

    expect(result.status).toBe('COMPLETED');
    expect(ctx.activityNames.filter((n) => n === 'issueTickets')).toHaveLength(6);
    expect(ctx.activityNames).not.toContain('releaseReservation');
    expect(ctx.activityNames).not.toContain('voidPayment');
  });

  it('tells the observers why an outcome step ends the saga, in the envelope', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, paymentResult('DECLINED', 'card declined'));

    await runSaga(ctx);

    expect(ctx.activityCalls.at(-1)).toMatchObject({ name: 'declineOrder', reason: 'card declined', attempt: 1 });
    expect(ctx.activityCalls.filter((c) => c.reason !== undefined).map((c) => c.name)).toEqual(['declineOrder']);
  });

  it('puts only what each step needs into the history, never the whole order', async () => {
    const ctx = new FakeWorkflowContext(everythingWorks, approved());

    await runSaga(ctx);

    expect(ctx.activityCalls.every((c) => !JSON.stringify(c.input).includes('settings'))).toBe(true);
    expect(ctx.activityCalls[0]?.input).toEqual({ orderId, lines: [{ itemId: order.items[0]!.id, quantity: order.items[0]!.quantity }] });
  });

  it('scripts every activity the runtime registers', () => {
    expect(Object.keys(everythingWorks).sort()).toEqual([...ACTIVITY_STEPS].sort());
  });
});
