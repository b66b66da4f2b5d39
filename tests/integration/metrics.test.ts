import { describe, expect, it } from '@jest/globals';
import { acceptedOrder, createItem, finalOrders, orderFor, orderTheSagaRejects, placeOrder, quietOrchestrator } from './support/api.js';
import { scrape } from './support/metrics.js';

describe('/metrics after known flows', () => {
  it('counts sagas by outcome, steps by step and outcome, retries, compensations and payment waits', async () => {
    // Counts are cumulative: start from a quiet orchestrator, so that only these sagas move them.
    await quietOrchestrator();
    const before = await scrape('orchestrator');
    const itemId = await createItem(10);

    const orders = await Promise.all([
      acceptedOrder(orderFor(itemId, 1)),
      acceptedOrder(orderFor(itemId, 1, 'tok_decline')),
      acceptedOrder(orderFor(itemId, 1, 'tok_error_1')),
      orderTheSagaRejects(),
    ]);
    const statuses = (await finalOrders(orders, 60_000)).map((o) => o.status);
    expect(statuses).toEqual(['COMPLETED', 'PAYMENT_DECLINED', 'COMPLETED', 'REJECTED']);
    // An order is final once its outcome step has written it; the monitor records the saga's end
    // just after that step returns.
    await quietOrchestrator();

    const after = await scrape('orchestrator');
    const delta = (name: string, labels?: Record<string, string>) => after(name, labels) - before(name, labels);
    expect(delta('ticketsaga_saga_duration_seconds_count', { outcome: 'COMPLETED' })).toBe(2);
    expect(delta('ticketsaga_saga_duration_seconds_count', { outcome: 'PAYMENT_DECLINED' })).toBe(1);
    expect(delta('ticketsaga_saga_failures_total', { reason: 'REJECTED' })).toBe(1);
    expect(delta('ticketsaga_saga_failures_total', { reason: 'PAYMENT_DECLINED' })).toBe(1);
    expect(delta('ticketsaga_saga_steps_total', { step: 'reserveTickets', outcome: 'succeeded' })).toBe(4);
    expect(delta('ticketsaga_saga_steps_total', { step: 'requestPayment', outcome: 'failed' })).toBe(1);
    expect(delta('ticketsaga_saga_steps_total', { step: 'requestPayment', outcome: 'succeeded' })).toBe(3);
    expect(delta('ticketsaga_saga_steps_total', { step: 'awaitPayment', outcome: 'succeeded' })).toBe(3);
    expect(delta('ticketsaga_saga_steps_total', { step: 'completeOrder', outcome: 'succeeded' })).toBe(2);
    expect(delta('ticketsaga_saga_step_duration_seconds_count', { step: 'issueTickets', outcome: 'succeeded' })).toBe(2);
    expect(delta('ticketsaga_saga_retries_total', { step: 'requestPayment' })).toBe(1);
    expect(delta('ticketsaga_saga_compensations_total', { step: 'releaseReservation' })).toBe(1);
    expect(delta('ticketsaga_payment_wait_seconds_count')).toBe(3);
    expect(after('ticketsaga_sagas_in_flight')).toBeGreaterThanOrEqual(0);

    const order = await scrape('order');
    expect(order('http_server_request_duration_seconds_count', { method: 'POST', route: '/orders', status_code: '202' })).toBeGreaterThanOrEqual(4);
    expect(order('process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts the orders the door answers without a saga, by reason', async () => {
    const soldOut = await createItem(0);
    const before = await scrape('order');

    expect((await placeOrder(orderFor(soldOut, 1))).status).toBe(201);

    const after = await scrape('order');
    expect(after('orders_refused_total', { reason: 'sold_out' }) - before('orders_refused_total', { reason: 'sold_out' })).toBe(1);
  });
});
