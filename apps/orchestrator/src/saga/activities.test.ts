import { describe, expect, it, jest } from '@jest/globals';
import { createActivities } from './activities.js';
import type { SagaPorts } from './ports.js';
import { ACTIVITY_STEPS } from './steps.js';

const orderId = '7f1b0a52-3f43-4c8e-9a57-0d6f2f4a3b11';
const customerId = 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a';

/** A spy that answers nothing until a test says what it answers. */
const spy = () => jest.fn<(...args: unknown[]) => Promise<never>>();

/** Fake adapters: each port method is a spy. */
function fakePorts(): SagaPorts {
  return {
    inventory: { reserve: jest.fn(async () => ({ reserved: true as const })), confirm: spy(), release: spy(), issueTickets: spy() },
    payment: { request: jest.fn(async () => ({ paymentId: 'pay_1' })), void: spy() },
    orders: { recordOutcome: spy(), complete: spy() },
    notifications: { notifyCustomer: spy() },
  };
}

describe('activities', () => {
  it('one per step the runtime registers, no more', () => {
    expect(Object.keys(createActivities(fakePorts())).sort()).toEqual([...ACTIVITY_STEPS].sort());
  });

  it('reserve the order’s lines under the order id', async () => {
    const ports = fakePorts();
    const lines = [{ itemId: '3852cb18-9c19-4326-ac77-a1a0264bd98c', quantity: 2 }];
    expect(await createActivities(ports).reserveTickets({ orderId, lines })).toEqual({ reserved: true });
    expect(ports.inventory.reserve).toHaveBeenCalledWith(orderId, lines);
  });

  it('request the payment with its token', async () => {
    const ports = fakePorts();
    const command = { orderId, customerId, amount: 60, paymentToken: 'tok_approve' as const };
    expect(await createActivities(ports).requestPayment(command)).toEqual({ paymentId: 'pay_1' });
    expect(ports.payment.request).toHaveBeenCalledWith(command);
  });

  it('record each refusal with the status its step defines, and its reason', async () => {
    const ports = fakePorts();
    const activities = createActivities(ports);
    await activities.rejectOrder({ orderId, reason: 'sold out' });
    await activities.declineOrder({ orderId, reason: 'card declined' });
    await activities.timeOutOrder({ orderId, reason: 'no result' });
    await activities.failOrder({ orderId, reason: 'broken' });
    expect(jest.mocked(ports.orders.recordOutcome).mock.calls.map((c) => c[1])).toEqual(['REJECTED', 'PAYMENT_DECLINED', 'PAYMENT_TIMEOUT', 'FAILED']);
    expect(ports.orders.recordOutcome).toHaveBeenNthCalledWith(1, orderId, 'REJECTED', 'sold out');
  });

  it('pass a technical failure through, for the saga to retry', async () => {
    const ports = fakePorts();
    jest.mocked(ports.notifications.notifyCustomer).mockRejectedValue(new Error('sidecar down'));
    const notify = createActivities(ports).notifyCustomer({ orderId, customerId, reason: 'PAYMENT_TIMEOUT', message: 'm' });
    await expect(notify).rejects.toThrow('sidecar down');
  });
});
