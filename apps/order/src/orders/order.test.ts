import { describe, expect, it } from '@jest/globals';
import { applyOutcome, newOrder, orderPlaced, sameRequest } from './order.js';

const request = {
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
};
const placedAt = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-01T00:00:05Z');
const completed = { status: 'COMPLETED' as const, tickets: [{ code: 'TKT-1', itemId: request.items[0]!.id }], paymentId: 'pay_1' };

describe('order', () => {
  const order = newOrder('11111111-1111-4111-8111-111111111111', request, placedAt);

  it('starts PENDING and is announced with the same items and the default payment token', () => {
    expect(order.status).toBe('PENDING');
    expect(orderPlaced(order)).toEqual({ orderId: order.id, ...request, paymentToken: 'tok_approve', placedAt: placedAt.toISOString() });
    expect(orderPlaced({ ...order, payment: { token: 'tok_decline' } }).paymentToken).toBe('tok_decline');
    expect(orderPlaced(order, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01').traceparent).toMatch(/^00-4bf9/);
  });

  it('records a refusal with its reason', () => {
    expect(applyOutcome(order, { status: 'REJECTED', reason: 'sold out' }, later)).toMatchObject({
      status: 'REJECTED',
      reason: 'sold out',
      updatedAt: later.toISOString(),
    });
  });

  it('gives a completed order its tickets and a receipt for the payment', () => {
    const done = applyOutcome(order, completed, later)!;
    expect(done.tickets).toEqual(completed.tickets);
    expect(done.receipt).toMatchObject({ paymentId: 'pay_1', total: 10.5, customerId: request.customerId, issuedAt: later.toISOString() });
    expect(done.receipt?.lines).toEqual([{ itemId: request.items[0]!.id, name: 'day-one', quantity: 1, unitAmount: 200 }]);
  });

  it('treats the same outcome twice as a no-op and a different one as a conflict', () => {
    const done = applyOutcome(order, completed, later)!;
    expect(applyOutcome(done, completed, later)).toBeUndefined();
    expect(() => applyOutcome(done, { status: 'FAILED', reason: 'x' }, later)).toThrow(/already COMPLETED/);
  });

  it('recognises the request an order was placed with', () => {
    expect(sameRequest(order, request)).toBe(true);
    expect(sameRequest(order, { ...request, amount: 11 })).toBe(false);
    expect(sameRequest(order, { ...request, payment: { token: 'tok_decline' } })).toBe(false);
  });
});
