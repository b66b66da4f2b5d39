import { describe, expect, it } from '@jest/globals';
import { acceptedOrder, createItem, finalOrders, getItem, orderFor } from './support/api.js';

describe('a rush on a small concert', () => {
  it('200 concurrent orders for 50 tickets: exactly 50 COMPLETED, 150 REJECTED, nothing oversold', async () => {
    const itemId = await createItem(50);

    const ids = await Promise.all(Array.from({ length: 200 }, () => acceptedOrder(orderFor(itemId, 1))));
    const orders = await finalOrders(ids, 180_000);

    const count = (status: string) => orders.filter((o) => o.status === status).length;
    expect({ completed: count('COMPLETED'), rejected: count('REJECTED') }).toEqual({ completed: 50, rejected: 150 });
    expect(await getItem(itemId)).toMatchObject({ available: 0, reserved: 0, sold: 50 });
  }, 240_000);
});
