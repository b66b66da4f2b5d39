import { Topics } from '@ticket-saga/contracts';
import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  acceptedOrder,
  createItem,
  finalOrder,
  getItem,
  getPayment,
  getTimeline,
  orderFor,
  pollUntil,
  putItem,
  sagaSettings,
  type SagaSettings,
} from './support/api.js';
import { findMessage } from './support/kafka.js';

let settings: SagaSettings;
/** Long enough for the slowest flow under the running stack's own settings. */
let deadlineMs: number;

beforeAll(async () => {
  settings = await sagaSettings();
  const { maxAttempts, firstDelaySeconds, maxDelaySeconds } = settings.stepRetry;
  const backoffSeconds = Array.from({ length: maxAttempts }, (_, i) => Math.min(maxDelaySeconds, firstDelaySeconds * 2 ** i)).reduce((a, b) => a + b, 0);
  deadlineMs = (Math.max(settings.paymentTimeoutSeconds, backoffSeconds) + 20) * 1000;
});

const stock = async (itemId: string) => {
  const { available, reserved, sold } = await getItem(itemId);
  return { available, reserved, sold };
};

describe('saga flows on the real stack', () => {
  it('approved: COMPLETED, one ticket per seat, a receipt, seats sold, payment APPROVED', async () => {
    const itemId = await createItem(10);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 3)), deadlineMs);

    expect(order.status).toBe('COMPLETED');
    expect(order.step).toBe('completeOrder');
    expect(order.tickets).toHaveLength(3);
    expect(new Set(order.tickets?.map((t) => t.code)).size).toBe(3);
    expect(order.receipt).toMatchObject({ total: 60, paymentId: expect.stringMatching(/^pay_/) });
    expect(await stock(itemId)).toEqual({ available: 7, reserved: 0, sold: 3 });
    expect((await getPayment(order.id))?.status).toBe('APPROVED');
  });

  it('item withdrawn after the order was accepted: REJECTED by the reservation, nothing held or charged', async () => {
    const itemId = await createItem(10);
    const id = await acceptedOrder(orderFor(itemId, 1));
    await putItem(itemId, 10, false);

    const order = await finalOrder(id, deadlineMs);

    expect(order.status).toBe('REJECTED');
    expect(order.reason).toMatch(/withdrawn/);
    expect(await stock(itemId)).toEqual({ available: 10, reserved: 0, sold: 0 });
    expect(await getPayment(id)).toBeUndefined();
  });

  it('sold out after the order passed the door: REJECTED by the reservation with the reason, nothing reserved, no payment', async () => {
    const itemId = await createItem(2);
    const id = await acceptedOrder(orderFor(itemId, 2));
    await putItem(itemId, 1);

    const order = await finalOrder(id, deadlineMs);

    expect(order.status).toBe('REJECTED');
    expect(order.reason).toMatch(/2 requested, 1 available/);
    expect(await stock(itemId)).toEqual({ available: 1, reserved: 0, sold: 0 });
    expect(await getPayment(order.id)).toBeUndefined();
  });

  it('declined: PAYMENT_DECLINED with the reason, the reservation released, payment DECLINED', async () => {
    const itemId = await createItem(5);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 2, 'tok_decline')), deadlineMs);

    expect(order.status).toBe('PAYMENT_DECLINED');
    expect(order.reason).toBe('card declined by issuer');
    expect(await stock(itemId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await getPayment(order.id))?.status).toBe('DECLINED');
    expect((await getTimeline(order.id)).map((e) => e.step)).toEqual(expect.arrayContaining(['releaseReservation', 'declineOrder']));
  });

  it('no result in time: PAYMENT_TIMEOUT, payment VOIDED, tickets back on sale, customer notified', async () => {
    const itemId = await createItem(5);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 1, 'tok_timeout')), deadlineMs);

    expect(order.status).toBe('PAYMENT_TIMEOUT');
    expect(order.reason).toBe(`no payment result within ${settings.paymentTimeoutSeconds}s`);
    expect((await getPayment(order.id))?.status).toBe('VOIDED');
    expect(await stock(itemId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    const notification = await findMessage(Topics.notifications, (value) => value.includes(order.id));
    expect(JSON.parse(notification)).toMatchObject({
      type: 'ticketsaga.customer.notification-requested.v1',
      data: { orderId: order.id, reason: 'PAYMENT_TIMEOUT' },
    });
  });

  it('payment service failing twice: retried durably, attempts in the saga log, then COMPLETED', async () => {
    const itemId = await createItem(5);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 1, 'tok_error_2')), deadlineMs);

    expect(order.status).toBe('COMPLETED');
    const payments = (await getTimeline(order.id)).filter((e) => e.step === 'requestPayment');
    expect(payments.map((e) => [e.attempt, e.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(payments[0]?.detail).toMatch(/503/);
    expect(await stock(itemId)).toEqual({ available: 4, reserved: 0, sold: 1 });
  });

  it('payment service failing beyond the retries: FAILED, tickets released, nothing charged', async () => {
    const itemId = await createItem(5);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 2, 'tok_error_99')), deadlineMs);

    expect(order.status).toBe('FAILED');
    expect(order.reason).toMatch(new RegExp(`requestPayment failed ${settings.stepRetry.maxAttempts} times`));
    expect(await stock(itemId)).toEqual({ available: 5, reserved: 0, sold: 0 });
    expect((await getPayment(order.id))?.status).toBe('VOIDED');
    const attempts = (await getTimeline(order.id)).filter((e) => e.step === 'requestPayment');
    expect(attempts).toHaveLength(settings.stepRetry.maxAttempts);
  });

  it('the saga log holds every command and event in order, with time, step, attempt and outcome', async () => {
    const itemId = await createItem(5);

    const order = await finalOrder(await acceptedOrder(orderFor(itemId)), deadlineMs);
    // The last entry is written just after the step it records has completed the order.
    const timeline = await pollUntil(
      () => getTimeline(order.id),
      (t) => t.at(-1)?.step === 'completeOrder',
    );

    expect(timeline.map((e) => `${e.kind}:${e.step}:${e.outcome}`)).toEqual([
      'event:OrderPlaced:received',
      'command:reserveTickets:succeeded',
      'command:requestPayment:succeeded',
      'event:PaymentProcessed:received',
      'command:confirmReservation:succeeded',
      'command:issueTickets:succeeded',
      'command:completeOrder:succeeded',
    ]);
    expect(timeline.map((e) => e.at)).toEqual(timeline.map((e) => e.at).sort());
    expect(timeline.every((e) => e.attempt === 1)).toBe(true);
  });
});
