import type { DaprSidecar, InvokeResult } from '@ticket-saga/service-kit';
import { describe, expect, it } from '@jest/globals';
import { OrderAdapter } from './order.adapter.js';

const answering = (result: InvokeResult) => ({ invoke: async () => result }) as unknown as DaprSidecar;

const ORDER_ID = '0c9c2f4e-0000-4000-8000-000000000001';
const AT = '2026-01-01T00:00:00.000Z';
const order = (status: string) => ({ id: ORDER_ID, amount: 20, status, createdAt: AT, updatedAt: AT });

describe('order adapter', () => {
  it('is done when the order service answers with the order, final', async () => {
    const adapter = new OrderAdapter(answering({ status: 200, body: { ...order('REJECTED'), reason: 'sold out' } }));
    await expect(adapter.recordOutcome(ORDER_ID, 'REJECTED', 'sold out')).resolves.toBeUndefined();
  });

  it('fails on a 200 without the order, so that the saga records its outcome again', async () => {
    const empty = new OrderAdapter(answering({ status: 200, body: undefined }));
    await expect(empty.recordOutcome(ORDER_ID, 'REJECTED', 'sold out')).rejects.toThrow(/record order outcome: unexpected 200/);
    const pending = new OrderAdapter(answering({ status: 200, body: order('PENDING') }));
    await expect(pending.recordOutcome(ORDER_ID, 'REJECTED', 'sold out')).rejects.toThrow(/unexpected 200/);
  });
});
