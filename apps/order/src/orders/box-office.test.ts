import { describe, expect, it } from '@jest/globals';
import type { PlaceOrderRequest } from '@ticket-saga/contracts';
import { orderIdFor } from './idempotency.js';
import { request, setup } from './testing/fakes.js';

const tickets = (quantity: number, customerId = request.customerId): PlaceOrderRequest => ({
  ...request,
  customerId,
  amount: 200 * quantity,
  items: [{ ...request.items[0]!, quantity }],
});
const itemId = request.items[0]!.id;

describe('the box office door', () => {
  it('answers sold out at once: the order is stored final, REJECTED, and no saga is requested', async () => {
    const { service, orders, handoff, catalogue, refusals } = setup();
    catalogue.short = [{ itemId, requested: 2, available: 1 }];

    const { order } = await service.place(tickets(2), 'k-1');

    expect(order).toMatchObject({ status: 'REJECTED', reason: `sold out: item ${itemId}: 2 requested, 1 available` });
    expect((await orders.get(order.id))?.value).toEqual(order);
    expect(handoff.calls).toEqual([]);
    expect(refusals).toEqual(['sold_out']);
    expect(await service.place(tickets(2), 'k-1')).toEqual({ order, replayed: true });
  });

  it('refuses tickets above the per-customer limit with a 422 naming the line, across earlier orders', async () => {
    const { service, handoff, refusals } = setup({ maxTickets: 4 });
    await service.place(tickets(3));

    const over = service.place(tickets(2), 'k-2');

    await expect(over).rejects.toMatchObject({
      status: 422,
      details: { problems: [{ field: 'items.0.quantity', reason: 'at most 4 tickets per customer for this event: 3 already ordered, 2 more asked' }] },
    });
    expect(handoff.events).toHaveLength(1);
    expect(refusals).toEqual(['customer_limit']);
    await expect(service.place(tickets(1))).resolves.toMatchObject({ order: { status: 'PENDING' } });
    await expect(service.place(tickets(4, '11111111-1111-4111-8111-111111111111'))).resolves.toMatchObject({ order: { status: 'PENDING' } });
  });

  it('counts concurrent orders of one customer against each other', async () => {
    const { service } = setup({ maxTickets: 4 });

    const results = await Promise.allSettled([service.place(tickets(3)), service.place(tickets(3)), service.place(tickets(3))]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected', 'rejected']);
  });

  it('gives the tickets back when an order ends without them, or could not be stored', async () => {
    const { service, handoff } = setup({ maxTickets: 4 });
    const { order } = await service.place(tickets(4));
    await service.recordOutcome(order.id, { status: 'PAYMENT_DECLINED', reason: 'card declined' });
    handoff.secureFails = true;
    await expect(service.place(tickets(4), 'k-3')).rejects.toMatchObject({ status: 503 });
    handoff.secureFails = false;

    await expect(service.place(tickets(4))).resolves.toMatchObject({ order: { status: 'PENDING' } });
  });

  it('counts an order placed again with its idempotency key once', async () => {
    const { service } = setup({ maxTickets: 4 });

    await service.place(tickets(2), 'k-4');
    await service.place(tickets(2), 'k-4');

    await expect(service.place(tickets(2))).resolves.toMatchObject({ order: { status: 'PENDING' } });
  });

  it('refuses new orders with a Retry-After while sagas wait longer than the bound to start, storing nothing', async () => {
    const { service, orders, clock, refusals } = setup({ maxWaitMs: 10_000 });
    const { order } = await service.place(tickets(1));
    const { order: queued } = await service.place(tickets(1, '55555555-5555-4555-8555-555555555555'));
    clock.now += 25_000;
    await service.recordProgress(order.id, { step: 'awaitPayment', attempt: 1, at: new Date(clock.now).toISOString() });

    const refused = service.place(tickets(1, '22222222-2222-4222-8222-222222222222'), 'k-5');

    await expect(refused).rejects.toMatchObject({ status: 503, retryAfterSeconds: 25 });
    expect(await orders.get(orderIdFor('22222222-2222-4222-8222-222222222222', 'k-5'))).toBeUndefined();
    expect(refusals).toEqual(['admission']);
    await service.recordProgress(queued.id, { step: 'awaitPayment', attempt: 1, at: new Date(clock.now).toISOString() });
    await expect(service.place(tickets(1, '22222222-2222-4222-8222-222222222222'), 'k-5')).resolves.toMatchObject({ order: { status: 'PENDING' } });
  });

  it('accepts at once after a rush, once every accepted saga has started', async () => {
    const { service, clock } = setup({ maxWaitMs: 10_000 });
    const { order } = await service.place(tickets(1));
    clock.now += 30_000;
    await service.recordProgress(order.id, { step: 'reserve', attempt: 1, at: new Date(clock.now).toISOString() });

    await expect(service.place(tickets(1, '66666666-6666-4666-8666-666666666666'))).resolves.toMatchObject({ order: { status: 'PENDING' } });
  });

  it('refuses new orders when accepted ones have not started for longer than the bound', async () => {
    const { service, clock } = setup({ maxWaitMs: 10_000 });
    await service.place(tickets(1));
    clock.now += 9_000;
    await service.place(tickets(1, '33333333-3333-4333-8333-333333333333'));
    clock.now += 2_000;

    await expect(service.place(tickets(1, '44444444-4444-4444-8444-444444444444'))).rejects.toMatchObject({ status: 503, retryAfterSeconds: 11 });
  });
});
