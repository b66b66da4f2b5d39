import { Topics } from '@ticket-saga/contracts';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createItem, finalOrder, json, ORCHESTRATOR_URL, orderFor, placeOrder } from './support/api.js';
import { findMessage } from './support/kafka.js';

describe('one order, one trace', () => {
  it('carries the trace of POST /orders through OrderPlaced on Kafka, the workflow, the payment and its Kafka result', async () => {
    const traceId = randomBytes(16).toString('hex');
    const itemId = await createItem(3);

    const res = await placeOrder(orderFor(itemId), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(res.status).toBe(202);
    expect(res.headers.get('traceparent')).toContain(traceId);
    const { id } = await json<{ id: string }>(res);
    expect((await finalOrder(id)).status).toBe('COMPLETED');

    const saga = await json<{ traceId: string | null }>(await fetch(`${ORCHESTRATOR_URL}/sagas/${id}`));
    expect(saga.traceId).toBe(traceId);
    const result = JSON.parse(await findMessage(Topics.paymentResults, (value) => value.includes(id))) as { traceparent?: string };
    expect(result.traceparent).toContain(traceId);
  });
});
