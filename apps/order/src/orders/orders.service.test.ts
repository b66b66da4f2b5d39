import { AppError, EtagMismatchError } from '@ticket-saga/service-kit';
import { describe, expect, it, jest } from '@jest/globals';
import { completed, request, setup } from './testing/fakes.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

describe('OrdersService', () => {
  it('secures the handoff, stores the order PENDING, then publishes the OrderPlaced that requests its saga', async () => {
    const { service, orders, handoff, catalogue } = setup();

    const { order, replayed } = await service.place(request);

    expect(replayed).toBe(false);
    expect(order).toMatchObject({ ...request, status: 'PENDING' });
    expect(catalogue.checked).toEqual([request]);
    expect((await orders.get(order.id))?.value).toEqual(order);
    expect(handoff.calls).toEqual([`secure ${order.id}`, `publish ${order.id}`]);
    expect(handoff.events).toEqual([{ orderId: order.id, ...request, paymentToken: 'tok_approve', placedAt: order.createdAt }]);
    expect(await service.get(order.id)).toEqual({ ...order, step: null, attempt: null });
  });

  it('returns the existing order for a replayed idempotency key, without placing another', async () => {
    const { service, handoff, catalogue } = setup();

    const first = await service.place(request, 'key-1');
    // A copy made in the test's own realm: isDeepStrictEqual compares prototypes too.
    const second = await service.place(JSON.parse(JSON.stringify(request)) as typeof request, 'key-1');

    expect(second).toEqual({ order: first.order, replayed: true });
    expect(handoff.events).toHaveLength(1);
    expect(catalogue.checked).toHaveLength(1);
  });

  it('answers two requests with the same key sent at once (two replicas) with one order, counted once', async () => {
    const { service, orders, handoff } = setup();

    const [a, b] = await Promise.all([service.place(request, 'key-1'), service.place(JSON.parse(JSON.stringify(request)) as typeof request, 'key-1')]);

    expect(a.order).toEqual(b.order);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect((await orders.get(a.order.id))?.value).toEqual(a.order);
    expect(Object.keys((await orders.getAllowance(request.customerId))?.value.orders ?? {})).toEqual([a.order.id]);
    expect(handoff.events).toHaveLength(1);
  });

  it('refuses a reused idempotency key with another body: 409', async () => {
    const { service, handoff } = setup();
    await service.place(request, 'key-1');

    const reuse = service.place({ ...request, amount: 11 }, 'key-1');

    await expect(reuse).rejects.toBeInstanceOf(AppError);
    await expect(reuse).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(handoff.events).toHaveLength(1);
  });

  it('records an outcome applied twice only once', async () => {
    const { service, orders } = setup();
    const { order } = await service.place(request);

    const first = await service.recordOutcome(order.id, completed);
    const second = await service.recordOutcome(order.id, completed);

    expect(first).toMatchObject({ status: 'COMPLETED', tickets: completed.tickets });
    expect(second).toEqual(first);
    expect(orders.updates).toBe(1);
  });

  it('re-reads and retries an outcome whose write lost to a concurrent one', async () => {
    const { service, orders } = setup();
    const { order } = await service.place(request);
    jest.spyOn(orders, 'update').mockRejectedValueOnce(new EtagMismatchError('etag mismatch'));

    const recorded = await service.recordOutcome(order.id, { status: 'REJECTED', reason: 'sold out' });

    expect(recorded).toMatchObject({ status: 'REJECTED', reason: 'sold out' });
    expect(orders.updates).toBe(1);
  });

  it('refuses the order, storing nothing, when its handoff cannot be secured', async () => {
    const { service, orders, handoff } = setup();
    handoff.secureFails = true;

    await expect(service.place(request, 'key-2')).rejects.toMatchObject({ status: 503 });
    expect(await orders.get((await import('./idempotency.js')).orderIdFor(request.customerId, 'key-2'))).toBeUndefined();
    expect(handoff.events).toEqual([]);
  });

  it('keeps the latest progress the saga reports, whatever order the reports arrive in', async () => {
    const { service } = setup();
    const { order } = await service.place(request);

    await service.recordProgress(order.id, { step: 'requestPayment', attempt: 2, at: at(3) });
    await service.recordProgress(order.id, { step: 'reserveTickets', attempt: 1, at: at(2) });

    expect(await service.get(order.id)).toMatchObject({ step: 'requestPayment', attempt: 2 });
  });

  it('re-drives only a PENDING order whose saga never reported, and releases the safety net otherwise', async () => {
    const { service, handoff } = setup();
    const { order } = await service.place(request);
    handoff.calls.length = 0;

    expect(await service.redrive(order.id)).toBe('redriven');
    expect(handoff.calls).toEqual([`publish ${order.id}`]);

    await service.recordProgress(order.id, { step: 'reserveTickets', attempt: 1, at: at(1) });
    expect(await service.redrive(order.id)).toBe('acknowledged');
    await service.recordOutcome(order.id, completed);
    expect(await service.redrive(order.id)).toBe('finished');
    expect(await service.redrive('00000000-0000-4000-8000-000000000000')).toBe('no-order');
    expect(handoff.calls).toEqual([`publish ${order.id}`, ...Array(2).fill(`release ${order.id}`), 'release 00000000-0000-4000-8000-000000000000']);
  });
});
