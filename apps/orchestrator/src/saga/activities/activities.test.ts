import type { WorkflowActivityContext } from '@dapr/dapr';
import { describe, expect, it, vi } from 'vitest';
import type { SagaPorts } from '../ports.js';
import type { SagaInput } from '../saga-types.js';
import { allActivities, declineOrder, notifyCustomer, rejectOrder, requestPayment, reserveTickets } from './index.js';

const ctx = {} as WorkflowActivityContext;
const order: SagaInput = {
  orderId: '7f1b0a52-3f43-4c8e-9a57-0d6f2f4a3b11',
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 60,
  items: [
    { id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 20, quantity: 2 },
    { id: '6f1c2b8e-4d3a-4e5f-9a7b-1c2d3e4f5a6b', name: 'day-two', amount: 20, quantity: 1 },
  ],
  paymentToken: 'tok_approve',
  settings: {
    paymentTimeoutSeconds: 30,
    stepRetry: { maxAttempts: 3, firstDelaySeconds: 1, maxDelaySeconds: 2 },
    untilDoneRetry: { maxAttempts: 9, firstDelaySeconds: 1, maxDelaySeconds: 2 },
  },
};

/** Fake adapters: each port method is a spy. */
function fakePorts(): SagaPorts {
  return {
    inventory: { checkProducts: vi.fn(), reserve: vi.fn(async () => ({ reserved: true as const })), confirm: vi.fn(), release: vi.fn(), issueTickets: vi.fn() },
    payment: { request: vi.fn(async () => ({ paymentId: 'pay_1' })), void: vi.fn() },
    orders: { recordOutcome: vi.fn(), complete: vi.fn() },
    notifications: { notifyCustomer: vi.fn() },
  };
}

describe('activities', () => {
  it('reserve the order’s items under the order id', async () => {
    const ports = fakePorts();
    await reserveTickets.create(ports)(ctx, order);
    expect(ports.inventory.reserve).toHaveBeenCalledWith(order.orderId, [
      { itemId: order.items[0]!.id, quantity: 2 },
      { itemId: order.items[1]!.id, quantity: 1 },
    ]);
  });

  it('request the payment for the whole order, with its token', async () => {
    const ports = fakePorts();
    expect(await requestPayment.create(ports)(ctx, order)).toEqual({ paymentId: 'pay_1' });
    expect(ports.payment.request).toHaveBeenCalledWith(order);
  });

  it('record each outcome with its own status and reason', async () => {
    const ports = fakePorts();
    await rejectOrder.create(ports)(ctx, { orderId: order.orderId, reason: 'sold out' });
    await declineOrder.create(ports)(ctx, { orderId: order.orderId, reason: 'card declined' });
    expect(ports.orders.recordOutcome).toHaveBeenNthCalledWith(1, order.orderId, 'REJECTED', 'sold out');
    expect(ports.orders.recordOutcome).toHaveBeenNthCalledWith(2, order.orderId, 'PAYMENT_DECLINED', 'card declined');
  });

  it('pass a technical failure through, for the saga to retry', async () => {
    const ports = fakePorts();
    vi.mocked(ports.notifications.notifyCustomer).mockRejectedValue(new Error('sidecar down'));
    const notify = notifyCustomer.create(ports)(ctx, { orderId: order.orderId, customerId: order.customerId, reason: 'PAYMENT_TIMEOUT', message: 'm' });
    await expect(notify).rejects.toThrow('sidecar down');
  });

  it('have unique names, one per step of the diagram', () => {
    const names = allActivities.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(13);
  });
});
