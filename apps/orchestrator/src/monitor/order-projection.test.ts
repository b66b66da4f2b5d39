import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { OrderProjection, PASSING_STEP_MS } from './order-projection.js';

const AT = '2026-01-01T00:00:00.000Z';

function projection() {
  const sent: Array<{ path: string; step: string; attempt: number }> = [];
  const dapr = {
    invoke: async (_app: string, path: string, init: { body: { step: string; attempt: number } }) => {
      sent.push({ path, step: init.body.step, attempt: init.body.attempt });
      return { status: 204, body: undefined };
    },
  } as unknown as DaprSidecar;
  return { sent, orders: new OrderProjection(dapr, { warn: () => {} } as unknown as Logger) };
}

describe('order projection', () => {
  beforeEach(() => void jest.useFakeTimers());
  afterEach(() => void jest.useRealTimers());

  it('reports only the last of the steps the saga passes through quickly', async () => {
    const { sent, orders } = projection();
    orders.report('o1', { step: 'reserveTickets', attempt: 1, at: AT });
    orders.report('o1', { step: 'requestPayment', attempt: 1, at: AT });
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(PASSING_STEP_MS);
    expect(sent.map((s) => s.step)).toEqual(['requestPayment']);
  });

  it('reports at once where the customer waits, where the saga ends, and a retry', async () => {
    const { sent, orders } = projection();
    orders.report('o1', { step: 'requestPayment', attempt: 1, at: AT });
    orders.report('o1', { step: 'awaitPayment', attempt: 1, at: AT });
    orders.report('o2', { step: 'completeOrder', attempt: 1, at: AT });
    orders.report('o3', { step: 'issueTickets', attempt: 2, at: AT });
    await jest.advanceTimersByTimeAsync(0);
    expect(sent.map((s) => `${s.path} ${s.step}`)).toEqual([
      'orders/o1/progress awaitPayment',
      'orders/o2/progress completeOrder',
      'orders/o3/progress issueTickets',
    ]);
    await jest.advanceTimersByTimeAsync(PASSING_STEP_MS);
    expect(sent).toHaveLength(3);
  });
});
