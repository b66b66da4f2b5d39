import { describe, expect, it } from 'vitest';
import { decide, simulatedFailures, stableFraction } from './payment-decision.js';

const orderIds = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('payment decision', () => {
  it('approves everything at a decline rate of 0 and declines everything at 1', () => {
    expect(orderIds.every((orderId) => decide({ orderId, token: 'tok_approve' }, { declineRate: 0 })?.outcome === 'APPROVED')).toBe(true);
    expect(orderIds.every((orderId) => decide({ orderId, token: 'tok_approve' }, { declineRate: 1 })?.outcome === 'DECLINED')).toBe(true);
  });

  it('declines about the configured share, and always the same orders', () => {
    const declined = orderIds.filter((orderId) => decide({ orderId, token: 'tok_approve' }, { declineRate: 0.3 })?.outcome === 'DECLINED');
    expect(declined.length / orderIds.length).toBeGreaterThan(0.25);
    expect(declined.length / orderIds.length).toBeLessThan(0.35);
    expect(orderIds.filter((orderId) => decide({ orderId, token: 'tok_approve' }, { declineRate: 0.3 })?.outcome === 'DECLINED')).toEqual(declined);
  });

  it('lets the token decide: decline, never answer, or fail N times first', () => {
    const orderId = orderIds[0]!;
    expect(decide({ orderId, token: 'tok_decline' }, { declineRate: 0 })).toEqual({ outcome: 'DECLINED', reason: 'card declined by issuer' });
    expect(decide({ orderId, token: 'tok_timeout' }, { declineRate: 0 })).toBeUndefined();
    expect(decide({ orderId, token: 'tok_error_3' }, { declineRate: 0 })).toEqual({ outcome: 'APPROVED' });
    expect(simulatedFailures('tok_error_3')).toBe(3);
    expect(simulatedFailures('tok_approve')).toBe(0);
  });

  it('maps strings into [0, 1)', () => {
    for (const id of orderIds.slice(0, 100)) expect(stableFraction(id)).toSatisfy((f: number) => f >= 0 && f < 1);
  });
});
