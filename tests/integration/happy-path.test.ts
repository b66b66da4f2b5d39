import { describe, expect, it } from '@jest/globals';
import { briefOrder, DAY_ONE, getItem, getOrder, isFinal, json, placeOrder, pollUntil, type OrderView } from './support/api.js';

describe("the brief's order on the real stack", () => {
  it('is accepted, runs its saga to COMPLETED and sells one ticket', async () => {
    const before = await getItem(DAY_ONE);

    const res = await placeOrder(briefOrder());
    expect(res.status).toBe(202);
    const accepted = await json<OrderView>(res);
    expect(accepted.status).toBe('PENDING');
    expect(res.headers.get('location')).toMatch(new RegExp(`/orders/${accepted.id}$`));

    const started = Date.now();
    const finished = await pollUntil(() => getOrder(accepted.id), isFinal);
    console.info(`saga latency: ${Date.now() - started} ms`);

    expect(finished.status).toBe('COMPLETED');
    expect(finished.step).toBe('completeOrder');
    const after = await getItem(DAY_ONE);
    expect(after.available).toBe(before.available - 1);
    expect(after.sold).toBe(before.sold + 1);
    expect(after.reserved).toBe(before.reserved);
  });
});
