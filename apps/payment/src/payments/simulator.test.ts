import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { decide, PaymentSimulator, simulatedFailures, stableFraction, type FailureCounter, type SimulatorSettings } from './simulator.js';

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
    for (const id of orderIds.slice(0, 100)) {
      expect(stableFraction(id)).toBeGreaterThanOrEqual(0);
      expect(stableFraction(id)).toBeLessThan(1);
    }
  });
});

describe('payment simulator', () => {
  const orderId = orderIds[0]!;
  const calm: SimulatorSettings = { processingMs: 0, declineRate: 0, errorRate: 0 };

  const inMemoryCounter = (): FailureCounter => {
    const counts = new Map<string, number>();
    return {
      failuresSoFar: async (id) => counts.get(id) ?? 0,
      countFailure: async (id) => {
        counts.set(id, (counts.get(id) ?? 0) + 1);
        return counts.get(id)!;
      },
    };
  };

  afterEach(() => {
    jest.useRealTimers();
  });

  it('fails tok_error_N exactly N times with a 503, then lets it through', async () => {
    const simulator = new PaymentSimulator(calm, inMemoryCounter());
    const request = { orderId, token: 'tok_error_2' } as const;

    await expect(simulator.failBeforeAccepting(request)).rejects.toMatchObject({ status: 503, message: expect.stringContaining('1 of 2') });
    await expect(simulator.failBeforeAccepting(request)).rejects.toMatchObject({ status: 503, message: expect.stringContaining('2 of 2') });
    await expect(simulator.failBeforeAccepting(request)).resolves.toBeUndefined();
  });

  it('fails every request at an error rate of 1 and none at 0', async () => {
    const request = { orderId, token: 'tok_approve' } as const;
    await expect(new PaymentSimulator({ ...calm, errorRate: 1 }, inMemoryCounter()).failBeforeAccepting(request)).rejects.toMatchObject({ status: 503 });
    await expect(new PaymentSimulator(calm, inMemoryCounter()).failBeforeAccepting(request)).resolves.toBeUndefined();
  });

  it('settles only once the processing time since acceptance has passed', async () => {
    jest.useFakeTimers();
    const simulator = new PaymentSimulator({ ...calm, processingMs: 500 }, inMemoryCounter());
    let decision: unknown;
    void simulator.settle({ orderId, token: 'tok_approve', createdAt: new Date(Date.now() - 200).toISOString() }).then((d) => (decision = d));

    await jest.advanceTimersByTimeAsync(299);
    expect(decision).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(decision).toEqual({ outcome: 'APPROVED' });
  });
});
