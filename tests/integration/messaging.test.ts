import { CloudEventSources, Events, Topics } from '@ticket-saga/contracts';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { acceptedOrder, createItem, finalOrder, getItem, getOrder, getPayment, getTimeline, json, orderFor, placeOrder, pollUntil } from './support/api.js';
import { callInternal, invokeAs, stackSecrets } from './support/callers.js';
import { findMessage, produce } from './support/kafka.js';

const paymentResult = (orderId: string, outcome: 'APPROVED' | 'DECLINED', paymentId = `pay_${randomUUID()}`) =>
  JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    source: CloudEventSources.payment,
    type: Events.PaymentProcessed,
    datacontenttype: 'application/json',
    data: { paymentId, orderId, outcome, processedAt: new Date().toISOString() },
  });

describe('messages can be malformed, duplicated or late', () => {
  it('a duplicate (and a contradicting) payment result for a finished saga changes nothing', async () => {
    const itemId = await createItem(5);
    const order = await finalOrder(await acceptedOrder(orderFor(itemId, 2)));
    expect(order.status).toBe('COMPLETED');
    const payment = await getPayment(order.id);

    await produce(Topics.paymentResults, paymentResult(order.id, 'APPROVED', payment!.paymentId), order.id);
    await produce(Topics.paymentResults, paymentResult(order.id, 'DECLINED', payment!.paymentId), order.id);

    const timeline = await pollUntil(
      () => getTimeline(order.id),
      (t) => t.filter((e) => e.step === 'PaymentProcessed').length === 3,
    );
    expect(timeline.filter((e) => e.outcome === 'ignored').map((e) => e.detail)).toEqual([
      'APPROVED, after the saga had finished',
      'DECLINED, after the saga had finished',
    ]);
    const after = await getOrder(order.id);
    expect(after.status).toBe('COMPLETED');
    expect(after.tickets).toEqual(order.tickets);
    expect(await getItem(itemId)).toMatchObject({ available: 3, reserved: 0, sold: 2 });
  });

  it('a malformed payment result goes to the dead-letter topic and does not block the topic', async () => {
    const marker = `not-json-${randomUUID()}`;
    await produce(Topics.paymentResults, `{"${marker}": `);
    await produce(Topics.paymentResults, JSON.stringify({ specversion: '1.0', id: marker, source: 'x', type: 'y', data: { orderId: 'nope' } }));

    await findMessage(Topics.paymentResultsDeadLetter, (value) => value.includes(marker));
    // The topic still flows: a saga placed after the poison messages completes.
    const itemId = await createItem(1);
    expect((await finalOrder(await acceptedOrder(orderFor(itemId)))).status).toBe('COMPLETED');
  });

  it('a payment result for an unknown order is dropped without blocking anything', async () => {
    await produce(Topics.paymentResults, paymentResult(randomUUID(), 'APPROVED'));
    const itemId = await createItem(1);
    expect((await finalOrder(await acceptedOrder(orderFor(itemId)))).status).toBe('COMPLETED');
  });

  it('POST /orders with the same Idempotency-Key returns the same order and runs one saga', async () => {
    const itemId = await createItem(5);
    const key = randomUUID();
    const body = orderFor(itemId, 2);

    const first = await placeOrder(body, { 'idempotency-key': key });
    const second = await placeOrder(body, { 'idempotency-key': key });
    const other = await placeOrder({ ...body, amount: 99 }, { 'idempotency-key': key });

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const id = (await json<{ id: string }>(first)).id;
    expect((await json<{ id: string }>(second)).id).toBe(id);
    expect(other.status).toBe(409);
    expect((await finalOrder(id)).status).toBe('COMPLETED');
    expect(await getItem(itemId)).toMatchObject({ available: 3, sold: 2 });
  });

  it('releasing a reservation twice frees its tickets once', async () => {
    const itemId = await createItem(5);
    const reservationId = randomUUID();
    // As the orchestrator calls it: through its own sidecar, which Dapr's access policy lets through.
    const call = (path: string, body?: unknown) => invokeAs('orchestrator', 'inventory', { method: 'POST', path, body });

    expect((await call('/reservations', { reservationId, lines: [{ itemId, quantity: 3 }] })).status).toBe(201);
    expect((await call('/reservations', { reservationId, lines: [{ itemId, quantity: 3 }] })).status).toBe(200);
    expect(await getItem(itemId)).toMatchObject({ available: 2, reserved: 3 });
    expect((await call(`/reservations/${reservationId}/release`)).status).toBe(200);
    expect((await call(`/reservations/${reservationId}/release`)).status).toBe(200);
    expect(await getItem(itemId)).toMatchObject({ available: 5, reserved: 0 });
    expect((await call(`/reservations/${reservationId}/confirm`)).status).toBe(409);
  });
});

describe('a reservation holds its tickets for a bounded time', () => {
  it('expires on its own (a Dapr job), puts the tickets back on sale and can no longer be confirmed', async () => {
    const itemId = await createItem(4);
    const reservationId = randomUUID();
    const post = (path: string, body?: unknown) => invokeAs('orchestrator', 'inventory', { method: 'POST', path, body });

    expect((await post('/reservations', { reservationId, lines: [{ itemId, quantity: 3 }], holdSeconds: 1 })).status).toBe(201);
    expect(await getItem(itemId)).toMatchObject({ available: 1, reserved: 3 });

    const expired = await pollUntil(
      // No app may read a reservation through Dapr: the test looks from inside, as the sidecar would.
      async () =>
        json<{ status: string }>(
          await callInternal('inventory', {
            method: 'GET',
            path: `/reservations/${reservationId}`,
            headers: { 'dapr-api-token': stackSecrets().apps.inventory.appApiToken },
          }),
        ),
      (r) => r.status === 'EXPIRED',
    );
    expect(expired.status).toBe('EXPIRED');
    expect(await getItem(itemId)).toMatchObject({ available: 4, reserved: 0 });
    const confirm = await post(`/reservations/${reservationId}/confirm`);
    expect(confirm.status).toBe(409);
    expect(await json<{ error: string }>(confirm)).toMatchObject({ error: 'RESERVATION_EXPIRED' });
  });
});
