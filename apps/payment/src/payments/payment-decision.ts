import type { Payment, PaymentOutcome } from '@ticket-saga/contracts';
import { createHash } from 'node:crypto';

export interface Decision {
  outcome: PaymentOutcome;
  reason?: string;
}

export interface DecisionRules {
  declineRate: number;
}

/**
 * The simulated card network. Deterministic per order: a redelivered request gets the same
 * answer, which a random draw would not guarantee.
 */
export function decide(payment: Pick<Payment, 'orderId'>, rules: DecisionRules): Decision {
  if (stableFraction(payment.orderId) < rules.declineRate) {
    return { outcome: 'DECLINED', reason: 'card declined by issuer' };
  }
  return { outcome: 'APPROVED' };
}

/** Maps a string onto [0, 1) uniformly and repeatably. */
export function stableFraction(value: string): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0) / 2 ** 32;
}
