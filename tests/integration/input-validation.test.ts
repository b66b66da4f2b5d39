import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createItem, finalOrder, getItem, json, orderFor, placeOrder } from './support/api.js';

interface Problem {
  field: string;
  reason: string;
}

/** Every refusal must name the field and the reason, and leave nothing behind. */
describe('POST /orders refuses bad input', () => {
  type Body = (itemId: string, customerId: string) => string | object;
  const valid = (itemId: string, customerId: string) => orderFor(itemId, 1, 'tok_approve', customerId);
  const cases: Array<[string, Body, number, string]> = [
    ['malformed JSON', () => '{"customerId": ', 400, '(body)'],
    ['a missing field', (i, c) => ({ ...valid(i, c), customerId: undefined }), 400, 'customerId'],
    ['a customer id that is no UUID', (i, c) => ({ ...valid(i, c), customerId: 'bob' }), 400, 'customerId'],
    ['a non-positive amount', (i, c) => ({ ...valid(i, c), amount: 0 }), 400, 'amount'],
    ['a non-positive quantity', (i, c) => ({ ...valid(i, c), items: [{ ...valid(i, c).items[0], quantity: 0 }] }), 400, 'items.0.quantity'],
    ['no items', (i, c) => ({ ...valid(i, c), items: [] }), 400, 'items'],
    ['too many items', (i, c) => ({ ...valid(i, c), items: Array(21).fill(valid(i, c).items[0]) }), 400, 'items'],
    ['an unknown payment token', (i, c) => ({ ...valid(i, c), payment: { token: 'tok_bogus' } }), 400, 'payment.token'],
    ['an unknown item', (_, c) => valid(randomUUID(), c), 422, 'items.0.id'],
  ];

  it.each(cases)('%s', async (_, body, status, field) => {
    const itemId = await createItem(5);
    const customerId = randomUUID();
    const key = randomUUID();

    const res = await placeOrder(body(itemId, customerId), { 'idempotency-key': key });

    expect(res.status).toBe(status);
    const error = await json<{ message: string; problems?: Problem[] }>(res);
    if (field === '(body)') expect(error.message).toMatch(/not valid JSON/);
    else expect(error.problems?.map((p) => p.field)).toContain(field);
    expect((await getItem(itemId)).reserved).toBe(0);
    // Nothing was stored under the key: the first valid request with it creates a new order.
    const retry = await placeOrder(valid(itemId, customerId), { 'idempotency-key': key });
    expect(retry.status).toBe(202);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    // Leave no saga running behind for the tests that count.
    await finalOrder((await json<{ id: string }>(retry)).id);
  });

  it('an oversized body: 413', async () => {
    const res = await placeOrder({ ...orderFor(randomUUID()), padding: 'x'.repeat(64 * 1024) });
    expect(res.status).toBe(413);
  });

  it('a body that is not JSON: 415', async () => {
    const res = await fetch('http://localhost:8080/orders', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'tickets please' });
    expect(res.status).toBe(415);
    expect((await json<{ message: string }>(res)).message).toMatch(/content-type/);
  });
});
