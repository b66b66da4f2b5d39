import type { DaprSidecar, InvokeResult } from '@ticket-saga/service-kit';
import { describe, expect, it } from '@jest/globals';
import { InventoryAdapter } from './inventory.adapter.js';

/** A sidecar double that answers every invocation with the same scripted response. */
const answering = (result: InvokeResult) => ({ invoke: async () => result }) as unknown as DaprSidecar;

describe('inventory adapter', () => {
  it('turns a 409 into a business answer: not reserved, with the reason', async () => {
    const adapter = new InventoryAdapter(answering({ status: 409, body: { error: 'OUT_OF_STOCK', message: 'item x: 2 requested, 1 available' } }));
    expect(await adapter.reserve('o1', [])).toEqual({ reserved: false, reason: 'item x: 2 requested, 1 available' });
  });

  it('recognises an expired hold on confirm, and throws on anything unexpected', async () => {
    const expired = new InventoryAdapter(answering({ status: 409, body: { error: 'RESERVATION_EXPIRED' } }));
    expect(await expired.confirm('o1')).toMatchObject({ confirmed: false });
    const broken = new InventoryAdapter(answering({ status: 500, body: { error: 'INTERNAL' } }));
    await expect(broken.confirm('o1')).rejects.toThrow(/confirm reservation: unexpected 500/);
    await expect(broken.reserve('o1', [])).rejects.toThrow(/reserve tickets: unexpected 500/);
  });

  it('a withdrawn item is a refusal like a sold-out one: the reason names it', async () => {
    const adapter = new InventoryAdapter(answering({ status: 409, body: { error: 'WITHDRAWN', message: 'item a is withdrawn from sale' } }));
    expect(await adapter.reserve('o1', [{ itemId: 'a', quantity: 1 }])).toEqual({ reserved: false, reason: 'item a is withdrawn from sale' });
  });

  it('takes an empty success for a failure: the call is retried, never counted as done', async () => {
    const empty = new InventoryAdapter(answering({ status: 200, body: undefined }));
    await expect(empty.reserve('o1', [])).rejects.toThrow(/reserve tickets: unexpected 200/);
    await expect(empty.confirm('o1')).rejects.toThrow(/confirm reservation: unexpected 200/);
    await expect(empty.release('o1')).rejects.toThrow(/release reservation: unexpected 200/);
    await expect(empty.issueTickets('o1')).rejects.toThrow(/issue tickets: unexpected 200/);
  });

  it('accepts a release only when the tickets are back on sale', async () => {
    const at = '2026-01-01T00:00:00.000Z';
    const reservation = (status: string) => ({ reservationId: 'o1', lines: [], status, expiresAt: at, createdAt: at, updatedAt: at });
    await expect(new InventoryAdapter(answering({ status: 200, body: reservation('EXPIRED') })).release('o1')).resolves.toBeUndefined();
    await expect(new InventoryAdapter(answering({ status: 200, body: reservation('RESERVED') })).release('o1')).rejects.toThrow(/unexpected 200/);
  });
});
