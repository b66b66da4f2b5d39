import { describe, expect, it } from 'vitest';
import { applyOutcome, newOrder, orderPlaced } from './order.js';

const request = {
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
};
const placedAt = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-01T00:00:05Z');

describe('order', () => {
  const order = newOrder('11111111-1111-4111-8111-111111111111', request, placedAt);

  it('starts PENDING and is announced with the same items', () => {
    expect(order.status).toBe('PENDING');
    expect(orderPlaced(order)).toEqual({ orderId: order.id, ...request, placedAt: placedAt.toISOString() });
  });

  it('records the outcome the saga decided', () => {
    expect(applyOutcome(order, { status: 'REJECTED', reason: 'sold out' }, later)).toMatchObject({
      status: 'REJECTED',
      reason: 'sold out',
      updatedAt: later.toISOString(),
    });
  });

  it('treats the same outcome twice as a no-op and a different one as a conflict', () => {
    const done = applyOutcome(order, { status: 'COMPLETED' }, later)!;
    expect(applyOutcome(done, { status: 'COMPLETED' }, later)).toBeUndefined();
    expect(() => applyOutcome(done, { status: 'FAILED' }, later)).toThrow(/already COMPLETED/);
  });
});
