import type { Payment, PaymentOutcome, PaymentToken } from '@ticket-saga/contracts';
import { createHash } from 'node:crypto';

export interface Decision {
  outcome: PaymentOutcome;
  reason?: string;
}

export interface DecisionRules {
  declineRate: number;
}

/**
 * The simulated card network. The token decides first (tests and demos drive every flow with it);
 * otherwise the decline rate, deterministic per order, so a redelivered request gets the same
 * answer. `undefined` means the network never answers (tok_timeout).
 */
export function decide(payment: Pick<Payment, 'orderId' | 'token'>, rules: DecisionRules): Decision | undefined {
  if (payment.token === 'tok_timeout') return undefined;
  if (payment.token === 'tok_decline') return { outcome: 'DECLINED', reason: 'card declined by issuer' };
  if (stableFraction(payment.orderId) < rules.declineRate) {
    return { outcome: 'DECLINED', reason: 'card declined by issuer' };
  }
  return { outcome: 'APPROVED' };
}

/** How many technical failures a token asks for before the request goes through. */
export function simulatedFailures(token: PaymentToken): number {
  const match = /^tok_error_(\d+)$/.exec(token);
  return match ? Number(match[1]) : 0;
}

/** Maps a string onto [0, 1) uniformly and repeatably. */
export function stableFraction(value: string): number {
  return createHash('sha256').update(value).digest().readUInt32BE(0) / 2 ** 32;
}
