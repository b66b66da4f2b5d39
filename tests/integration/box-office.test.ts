import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createItem, finalOrders, getItem, getOrder, json, orderFor, placeOrder, placeOrderPatiently, pollUntil, type OrderView } from './support/api.js';

const LIMIT = 4;

describe('the box office at on-sale', () => {
  it('a small rush: exactly the stock sold, nothing left reserved, sold out answered at the door', async () => {
    const stock = 20;
    const itemId = await createItem(stock);
    const customers = Array.from({ length: 15 }, () => randomUUID());
    const send = (n: number, from: number, quantity: (i: number) => number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) => placeOrderPatiently(orderFor(itemId, quantity(i), 'tok_approve', customers[(from + i) % customers.length]))),
      );

    // Single tickets first, so that the stock runs out exactly; then, with none left, any size.
    const firstWave = await send(40, 0, () => 1);
    const accepted = await Promise.all(firstWave.filter((r) => r.status === 202).map((r) => json<OrderView>(r)));
    await pollUntil(
      () => getItem(itemId),
      (item) => item.available === 0,
      30_000,
    );
    const secondWave = await send(20, 40, (i) => 1 + (i % 2));
    const finals = await finalOrders(
      accepted.map((o) => o.id),
      120_000,
    );

    expect(firstWave.map((r) => r.status).filter((s) => s !== 201 && s !== 202)).toEqual([]);
    expect(secondWave.map((r) => r.status)).toEqual(Array(20).fill(201));
    const doorAnswer = await json<OrderView>(secondWave[0]!);
    expect(doorAnswer).toMatchObject({ status: 'REJECTED', reason: expect.stringMatching(/^sold out: item .*: \d requested, 0 available$/) });
    expect(await getOrder(doorAnswer.id)).toMatchObject({ status: 'REJECTED', step: null });
    expect(await getItem(itemId)).toMatchObject({ available: 0, reserved: 0, sold: stock });
    const completed = finals.filter((o) => o.status === 'COMPLETED');
    expect(completed.reduce((n, o) => n + o.items[0]!.quantity, 0)).toBe(stock);
    const perCustomer = new Map<string, number>();
    for (const o of completed) perCustomer.set(o.customerId, (perCustomer.get(o.customerId) ?? 0) + o.items[0]!.quantity);
    expect(Math.max(...perCustomer.values())).toBeLessThanOrEqual(LIMIT);
  }, 180_000);

  it('refuses tickets above the per-customer limit with a 422 naming the line, and nothing is stored', async () => {
    const itemId = await createItem(100);
    const customerId = randomUUID();
    for (const quantity of [2, 2]) expect((await placeOrder(orderFor(itemId, quantity, 'tok_approve', customerId))).status).toBe(202);

    const over = await placeOrder(orderFor(itemId, 1, 'tok_approve', customerId), { 'idempotency-key': 'one-too-many' });

    expect(over.status).toBe(422);
    expect(await json(over)).toMatchObject({
      problems: [{ field: 'items.0.quantity', reason: `at most ${LIMIT} tickets per customer for this event: 4 already ordered, 1 more asked` }],
    });
    expect((await placeOrder(orderFor(itemId, 4, 'tok_approve', randomUUID()))).status).toBe(202);
  });

  it('gives a declined order its tickets back to the customer', async () => {
    const itemId = await createItem(100);
    const customerId = randomUUID();
    const declined = await json<OrderView>(await placeOrder(orderFor(itemId, 4, 'tok_decline', customerId)));
    await pollUntil(
      () => getOrder(declined.id),
      (o) => o.status === 'PAYMENT_DECLINED',
      30_000,
    );

    expect((await placeOrder(orderFor(itemId, 4, 'tok_approve', customerId))).status).toBe(202);
  });
});
