import type { Payment, PaymentOutcome, PaymentRequest, PaymentToken } from '@ticket-saga/contracts';
import { AppError, sleep } from '@ticket-saga/service-kit';
import { createHash } from 'node:crypto';

export interface SimulatorSettings {
  /** Time from acceptance to settlement. */
  processingMs: number;
  /** Share of payments declined, 0 to 1. */
  declineRate: number;
  /** Share of requests answered with a technical failure (503), 0 to 1. */
  errorRate: number;
}

/** Durable, so that tok_error_N fails N times in all, however often the service restarts. */
export interface FailureCounter {
  failuresSoFar(orderId: string): Promise<number>;
  /** Returns the count after this failure. */
  countFailure(orderId: string): Promise<number>;
}

export interface Decision {
  outcome: PaymentOutcome;
  reason?: string;
}

/** The simulated card network: tests and demos drive every flow through the token and the rates. */
export class PaymentSimulator {
  constructor(
    private readonly settings: SimulatorSettings,
    private readonly failures: FailureCounter,
  ) {}

  /** Throws a 503 while tok_error_N has failures left, or when the error rate strikes. */
  async failBeforeAccepting(request: Pick<PaymentRequest, 'orderId' | 'token'>): Promise<void> {
    const planned = simulatedFailures(request.token);
    if (planned > 0 && (await this.failures.failuresSoFar(request.orderId)) < planned) {
      const count = await this.failures.countFailure(request.orderId);
      throw AppError.unavailable(`simulated technical failure ${count} of ${planned} (${request.token})`);
    }
    if (Math.random() < this.settings.errorRate) {
      throw AppError.unavailable('simulated technical failure (PAYMENT_ERROR_RATE)');
    }
  }

  /** Answers once the processing time since acceptance has passed; `undefined`: never (tok_timeout). */
  async settle(payment: Pick<Payment, 'orderId' | 'token' | 'createdAt'>): Promise<Decision | undefined> {
    const due = Date.parse(payment.createdAt) + this.settings.processingMs;
    await sleep(Math.max(0, due - Date.now()));
    return decide(payment, this.settings);
  }
}

/** The token decides first; otherwise the decline rate, stable per order so that a redelivery gets the same answer. */
export function decide(payment: Pick<Payment, 'orderId' | 'token'>, rules: Pick<SimulatorSettings, 'declineRate'>): Decision | undefined {
  if (payment.token === 'tok_timeout') return undefined;
  if (payment.token === 'tok_decline' || stableFraction(payment.orderId) < rules.declineRate) {
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
