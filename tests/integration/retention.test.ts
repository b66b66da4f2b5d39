import { Events, Topics } from '@ticket-saga/contracts';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { acceptedOrder, createItem, finalOrder, getOrder, getPayment, getTimeline, json, ORCHESTRATOR_URL, orderFor, pollUntil } from './support/api.js';
import { asOperator } from './support/callers.js';
import { produce } from './support/kafka.js';

const sagaStatus = async (orderId: string) => (await fetch(`${ORCHESTRATOR_URL}/sagas/${orderId}`)).status;

describe('a finished saga whose workflow history is purged', () => {
  it('keeps its order, tickets, receipt and saga log readable, and a late OrderPlaced does not start it again', async () => {
    const itemId = await createItem(2);
    const orderId = await acceptedOrder(orderFor(itemId));
    const order = await finalOrder(orderId);
    expect(order.status).toBe('COMPLETED');
    const log = await pollUntil(
      () => getTimeline(orderId),
      (entries) => entries.some((e) => e.step === 'completeOrder' && e.outcome === 'succeeded'),
    );

    await pollUntil(
      async () => json<{ runtimeStatus: string }>(await fetch(`${ORCHESTRATOR_URL}/sagas/${orderId}`)),
      (saga) => saga.runtimeStatus === 'COMPLETED',
    );

    // The purge SAGA_RETENTION does (Dapr's stateRetentionPolicy), asked for at once.
    const purge = await fetch(`${ORCHESTRATOR_URL}/api/sagas/${orderId}/purge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asOperator() },
      body: '{}',
    });
    expect(purge.status).toBe(200);
    expect(await sagaStatus(orderId)).toBe(404);

    const after = await getOrder(orderId);
    expect(after.status).toBe('COMPLETED');
    expect(after.tickets).toEqual(order.tickets);
    expect(after.tickets?.length).toBe(1);
    expect(after.receipt).toEqual(order.receipt);
    expect(after.receipt).toBeDefined();
    expect(await getTimeline(orderId)).toEqual(log);
    // With several orchestrator replicas, the dashboard merges their snapshots: a few seconds behind.
    const dashboard = await pollUntil(
      async () =>
        json<{ summary: { status: string } | undefined; workflow: unknown; timeline: unknown[] }>(await fetch(`${ORCHESTRATOR_URL}/api/sagas/${orderId}`)),
      (view) => view.summary?.status !== 'RUNNING',
    );
    expect(dashboard.workflow).toBeNull();
    expect(dashboard.summary?.status).toBe('COMPLETED');
    expect(dashboard.timeline).toHaveLength(log.length);

    // A duplicate of the order's OrderPlaced, late: Dapr would start a purged instance id afresh.
    const { customerId, amount, items, createdAt: placedAt } = order;
    const event = { orderId, customerId, amount, items, paymentToken: 'tok_approve', placedAt };
    const cloudEvent = { specversion: '1.0', id: randomUUID(), source: 'order', type: Events.OrderPlaced, datacontenttype: 'application/json', data: event };
    await produce(Topics.orders, JSON.stringify(cloudEvent), orderId);
    const withDuplicate = await pollUntil(
      () => getTimeline(orderId),
      (entries) => entries.length > log.length,
    );
    expect(withDuplicate.at(-1)).toMatchObject({ kind: 'event', step: 'OrderPlaced', outcome: 'ignored' });
    expect(await sagaStatus(orderId)).toBe(404);
    expect((await getOrder(orderId)).status).toBe('COMPLETED');
    expect((await getPayment(orderId))?.status).toBe('APPROVED');
  });
});
