import type { Order, OrderOutcome, OrderPlaced, PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, createLogger, EtagMismatchError, type StateEntry } from '@ticket-saga/service-kit';
import { describe, expect, it, vi } from 'vitest';
import { OrdersService, type Catalogue, type SagaProgress } from './orders.service.js';

const request: PlaceOrderRequest = {
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
};
const completed: OrderOutcome = { status: 'COMPLETED', tickets: [{ code: 'TKT-1', itemId: request.items[0]!.id }], paymentId: 'pay_1' };

/** An in-memory state store with ETags, like the Dapr one: a stale write is refused. */
function fakeRepository() {
  const rows = new Map<string, StateEntry<Order>>();
  let version = 0;
  const store = {
    events: [] as OrderPlaced[],
    updates: 0,
    async insert(order: Order, event: OrderPlaced) {
      rows.set(order.id, { value: order, etag: String(++version) });
      store.events.push(event);
    },
    async get(id: string) {
      return rows.get(id);
    },
    async update(order: Order, etag: string | undefined) {
      if (etag !== rows.get(order.id)?.etag) throw new EtagMismatchError(`etag mismatch for ${order.id}`);
      rows.set(order.id, { value: order, etag: String(++version) });
      store.updates++;
    },
  };
  return store;
}

/** An orchestrator whose saga is at the given step. */
function fakeSagas(step: string, attempt: number): SagaProgress {
  const view = { runtimeStatus: 'RUNNING', step, attempt, lastError: null, traceId: null, createdAt: null, lastUpdatedAt: null, failure: null };
  return {
    find: async (orderId) => ({ orderId, ...view }),
    timeline: async () => undefined,
  };
}

function fakeCatalogue(): Catalogue & { checked: PlaceOrderRequest[] } {
  const checked: PlaceOrderRequest[] = [];
  return { checked, assertOnSale: async (r) => void checked.push(r) };
}

function setup() {
  const orders = fakeRepository();
  const catalogue = fakeCatalogue();
  const service = new OrdersService(orders, fakeSagas('reserveTickets', 2), catalogue, createLogger('order', 'silent'));
  return { service, orders, catalogue };
}

describe('OrdersService', () => {
  it('inserts a new order PENDING, with the OrderPlaced event that requests its saga', async () => {
    const { service, orders, catalogue } = setup();

    const { order, replayed } = await service.place(request);

    expect(replayed).toBe(false);
    expect(order).toMatchObject({ ...request, status: 'PENDING' });
    expect(catalogue.checked).toEqual([request]);
    expect((await orders.get(order.id))?.value).toEqual(order);
    expect(orders.events).toEqual([{ orderId: order.id, ...request, paymentToken: 'tok_approve', placedAt: order.createdAt }]);
    expect(await service.get(order.id)).toEqual({ ...order, step: 'reserveTickets', attempt: 2 });
  });

  it('returns the existing order for a replayed idempotency key, without placing another', async () => {
    const { service, orders, catalogue } = setup();

    const first = await service.place(request, 'key-1');
    const second = await service.place(structuredClone(request), 'key-1');

    expect(second).toEqual({ order: first.order, replayed: true });
    expect(orders.events).toHaveLength(1);
    expect(catalogue.checked).toHaveLength(1);
  });

  it('refuses a reused idempotency key with another body: 409', async () => {
    const { service, orders } = setup();
    await service.place(request, 'key-1');

    const reuse = service.place({ ...request, amount: 11 }, 'key-1');

    await expect(reuse).rejects.toBeInstanceOf(AppError);
    await expect(reuse).rejects.toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(orders.events).toHaveLength(1);
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
    vi.spyOn(orders, 'update').mockRejectedValueOnce(new EtagMismatchError('etag mismatch'));

    const recorded = await service.recordOutcome(order.id, { status: 'REJECTED', reason: 'sold out' });

    expect(recorded).toMatchObject({ status: 'REJECTED', reason: 'sold out' });
    expect(orders.updates).toBe(1);
  });
});
