import type { Payment, PaymentRecord, PaymentTombstone } from '@ticket-saga/contracts';
import { randomUUID } from 'node:crypto';

export type { PaymentRecord, PaymentTombstone };

export type SettledPayment = Payment & { status: 'APPROVED' | 'DECLINED' };

export const isSettled = (record: PaymentRecord): record is SettledPayment => record.status === 'APPROVED' || record.status === 'DECLINED';

/** Blocks a request still in flight from ever charging; its payment id answers a late request like any other. */
export function tombstone(orderId: string): PaymentTombstone {
  const now = new Date().toISOString();
  return { orderId, paymentId: `pay_${randomUUID()}`, status: 'VOIDED', reason: 'voided: never requested', createdAt: now, updatedAt: now };
}

/** The state a payment takes when its saga voids it. */
export function voided(record: PaymentRecord): PaymentRecord {
  const updatedAt = new Date().toISOString();
  if (record.status === 'PROCESSING') return { ...record, status: 'VOIDED', reason: 'voided: no result in time', updatedAt };
  if (record.status === 'APPROVED') return { ...record, status: 'REFUNDED', reason: 'refunded: approved after the saga gave up', updatedAt };
  return record;
}
