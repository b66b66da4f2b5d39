import { describe, expect, it } from '@jest/globals';
import { createItem, finalOrders, getItem, json, orderFor, placeOrderPatiently, type OrderView } from './support/api.js';

describe('a rush on a small concert', () => {
  it('200 concurrent orders for 50 tickets: exactly 50 COMPLETED, 150 REJECTED, nothing oversold', async () => {
    const itemId = await createItem(50);

    // Each order is accepted (202, its saga decides) or, once the door already sees the item sold
    // out, answered at once (201, REJECTED): which of the two depends on how fast the sagas sell.
    const answers = await Promise.all(Array.from({ length: 200 }, () => placeOrderPatiently(orderFor(itemId, 1))));
    expect(answers.filter((res) => res.status !== 202 && res.status !== 201).map((res) => res.status)).toEqual([]);
    const views = await Promise.all(answers.map((res) => json<OrderView>(res)));
    const accepted = views.filter((order) => order.status === 'PENDING').map((order) => order.id);
    const orders = [...views.filter((order) => order.status !== 'PENDING'), ...(await finalOrders(accepted, 180_000))];

    const count = (status: string) => orders.filter((o) => o.status === status).length;
    expect({ completed: count('COMPLETED'), rejected: count('REJECTED') }).toEqual({ completed: 50, rejected: 150 });
    expect(await getItem(itemId)).toMatchObject({ available: 0, reserved: 0, sold: 50 });
  }, 240_000);
});
