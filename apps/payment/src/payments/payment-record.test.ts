import type { Payment } from '@ticket-saga/contracts';
import { describe, expect, it } from '@jest/globals';
import { tombstone, voided } from './payment-record.js';

const payment = (status: Payment['status']): Payment => ({
  orderId: '11111111-1111-4111-8111-111111111111',
  customerId: '22222222-2222-4222-8222-222222222222',
  amount: 10,
  token: 'tok_approve',
  paymentId: 'pay_1',
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('voiding a payment', () => {
  it('voids what is not charged yet and refunds what was approved', () => {
    expect(voided(payment('PROCESSING')).status).toBe('VOIDED');
    expect(voided(payment('APPROVED')).status).toBe('REFUNDED');
  });

  it('leaves a declined, voided or refunded payment as it is', () => {
    for (const status of ['DECLINED', 'VOIDED', 'REFUNDED'] as const) {
      const settled = payment(status);
      expect(voided(settled)).toBe(settled);
    }
  });
});

describe('the tombstone of a payment never requested', () => {
  const orderId = '11111111-1111-4111-8111-111111111111';

  it('is voided and holds nothing the request would have said', () => {
    const record = tombstone(orderId);
    expect(record).toMatchObject({ orderId, status: 'VOIDED', paymentId: expect.stringMatching(/^pay_/) });
    expect(record).not.toHaveProperty('customerId');
    expect(record).not.toHaveProperty('amount');
    expect(record).not.toHaveProperty('token');
  });

  it('stays as it is when voided again', () => {
    const record = tombstone(orderId);
    expect(voided(record)).toBe(record);
  });
});
