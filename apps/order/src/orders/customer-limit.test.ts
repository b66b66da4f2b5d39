import { describe, expect, it } from '@jest/globals';
import type { PlaceOrderRequest } from '@ticket-saga/contracts';
import { CustomerLimit, overLimit, type Allowance } from './customer-limit.js';
import { fakeRepository, request } from './testing/fakes.js';

const [a, b] = ['3852cb18-9c19-4326-ac77-a1a0264bd98c', '5d3b6bd8-0c1f-4c49-9d8e-2f2a8f1b8e10'];
const line = (id: string, quantity: number) => ({ id, name: 'concert', amount: 10, quantity });
const order = (...items: PlaceOrderRequest['items']): PlaceOrderRequest => ({ ...request, amount: 10, items });

describe('the per-customer limit', () => {
  const allowance: Allowance = { orders: { o1: { tickets: { [a]: 3 }, at: '2026-01-01T00:00:00.000Z' } } };

  it('judges each concert on its own, summing lines of the same concert', () => {
    expect(overLimit(allowance, order(line(b, 4)), 4)).toEqual([]);
    expect(overLimit(allowance, order(line(b, 1), line(a, 1)), 4)).toEqual([]);
    expect(overLimit(allowance, order(line(b, 1), line(a, 1), line(a, 1)), 4)).toEqual([
      { field: 'items.1.quantity', reason: 'at most 4 tickets per customer for this event: 3 already ordered, 2 more asked' },
    ]);
  });

  it('forgets, near the limit, a counted order that was never stored once it is a minute old', async () => {
    const store = fakeRepository();
    const limit = new CustomerLimit(store, 4, async () => false);
    await limit.take('lost', order(line(a, 4)), new Date('2026-01-01T00:00:00Z'));

    await expect(limit.take('young', order(line(a, 1)), new Date('2026-01-01T00:00:30Z'))).rejects.toMatchObject({ status: 422 });
    await limit.take('later', order(line(a, 1)), new Date('2026-01-01T00:01:01Z'));

    expect(Object.keys((await store.getAllowance(request.customerId))!.value.orders)).toEqual(['later']);
  });
});
