import type { DaprSidecar, InvokeResult } from '@ticket-saga/service-kit';
import { describe, expect, it } from '@jest/globals';
import { PaymentAdapter } from './payment.adapter.js';

const answering = (result: InvokeResult) => ({ invoke: async () => result }) as unknown as DaprSidecar;
const record = (status: string) => ({ orderId: 'o1', paymentId: 'pay_1', status, amount: 20, createdAt: 'x', updatedAt: 'y' });

describe('payment adapter', () => {
  it('is done voiding when the payment charges nothing, whatever else its record holds', async () => {
    for (const status of ['VOIDED', 'REFUNDED', 'DECLINED']) {
      await expect(new PaymentAdapter(answering({ status: 200, body: record(status) })).void('o1')).resolves.toBeUndefined();
    }
  });

  it('fails a void answered with an empty 200, or with a payment still charging', async () => {
    await expect(new PaymentAdapter(answering({ status: 200, body: undefined })).void('o1')).rejects.toThrow(/void payment: unexpected 200/);
    await expect(new PaymentAdapter(answering({ status: 200, body: record('PROCESSING') })).void('o1')).rejects.toThrow(/unexpected 200/);
  });
});
