import type { Payment, PaymentRequest } from '@ticket-saga/contracts';
import { AppError, childTraceparent, sleep, currentTraceparent, retryOnEtagMismatch, withTraceparent, type Logger } from '@ticket-saga/service-kit';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decide, simulatedFailures, type DecisionRules } from './payment-decision.js';
import { PAYMENT_REQUESTS_TOPIC } from './kafka.js';
import { isSettled, type PaymentResultsPublisher } from './payment-results.publisher.js';
import type { PaymentsRepository } from './payments.repository.js';

export interface ProcessingSettings extends DecisionRules {
  processingMs: number;
  /** Share of requests answered with a simulated technical failure (503), 0 to 1. */
  errorRate: number;
}

/**
 * Accepts payments (one per order, whatever the number of requests) and settles them later,
 * from the payment-requests topic, so that an accepted payment survives a restart.
 */
export class PaymentsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly producer: Producer,
    private readonly results: PaymentResultsPublisher,
    private readonly settings: ProcessingSettings,
    private readonly logger: Logger,
  ) {}

  async accept(request: PaymentRequest): Promise<Payment> {
    const existing = await this.repository.get(request.orderId);
    if (!existing) await this.simulateTechnicalFailure(request);
    const payment = existing?.value ?? (await this.create(request));
    // Queued again even when known: the first enqueue may be the step that failed.
    if (payment.status === 'PROCESSING') await this.enqueue(payment);
    return payment;
  }

  get(orderId: string): Promise<Payment | undefined> {
    return this.repository.get(orderId).then((entry) => entry?.value);
  }

  /**
   * Cancels the payment of a saga that gave up waiting. Not charged yet: voided, and the processor
   * will skip it. Already approved (a result still on its way): refunded. Unknown: recorded as
   * voided, so that a request still in flight can never charge.
   */
  async void(orderId: string): Promise<Payment> {
    const payment = await retryOnEtagMismatch(async () => {
      const entry = await this.repository.get(orderId);
      const current = entry?.value ?? this.tombstone(orderId);
      const next = voided(current);
      if (next !== current || !entry) await this.repository.save(next, entry?.etag);
      return next;
    });
    this.logger.info({ orderId, paymentId: payment.paymentId, status: payment.status }, 'payment voided');
    return payment;
  }

  /** Settles a queued payment and posts its result; a redelivery re-posts the same result. */
  async process(orderId: string): Promise<void> {
    const settled = await retryOnEtagMismatch(async () => {
      const entry = await this.repository.get(orderId);
      if (!entry || entry.value.status !== 'PROCESSING') return entry?.value;
      await waitUntil(Date.parse(entry.value.createdAt) + this.settings.processingMs);
      const decision = decide(entry.value, this.settings);
      if (!decision) return entry.value;
      const payment: Payment = { ...entry.value, status: decision.outcome, ...decision, updatedAt: new Date().toISOString() };
      await this.repository.save(payment, entry.etag);
      return payment;
    });
    if (!settled) return void this.logger.warn({ orderId }, 'queued payment not found, skipped');
    if (!isSettled(settled)) {
      return void this.logger.info({ orderId, status: settled.status }, 'payment left without a result');
    }
    await withTraceparent(childTraceparent(settled.traceparent), () => this.results.publish(settled));
    this.logger.info({ orderId, paymentId: settled.paymentId, outcome: settled.status }, 'payment result published');
  }

  private async simulateTechnicalFailure(request: PaymentRequest): Promise<void> {
    const planned = simulatedFailures(request.token);
    if (planned > 0 && (await this.repository.failuresSoFar(request.orderId)) < planned) {
      const count = await this.repository.countFailure(request.orderId);
      throw AppError.unavailable(`simulated technical failure ${count} of ${planned} (${request.token})`);
    }
    if (Math.random() < this.settings.errorRate) {
      throw AppError.unavailable('simulated technical failure (PAYMENT_ERROR_RATE)');
    }
  }

  private async create(request: PaymentRequest): Promise<Payment> {
    const now = new Date().toISOString();
    const traceparent = currentTraceparent();
    const payment: Payment = {
      ...request,
      paymentId: `pay_${randomUUID()}`,
      status: 'PROCESSING',
      ...(traceparent && { traceparent }),
      createdAt: now,
      updatedAt: now,
    };
    await this.repository.save(payment, undefined);
    this.logger.info({ orderId: payment.orderId, paymentId: payment.paymentId, token: payment.token }, 'payment accepted');
    return payment;
  }

  private tombstone(orderId: string): Payment {
    const now = new Date().toISOString();
    const nobody = '00000000-0000-4000-8000-000000000000';
    return { orderId, customerId: nobody, amount: 0.01, token: 'tok_approve', paymentId: `pay_${randomUUID()}`, status: 'PROCESSING', createdAt: now, updatedAt: now };
  }

  private async enqueue(payment: Payment): Promise<void> {
    await this.producer.send({
      topic: PAYMENT_REQUESTS_TOPIC,
      messages: [{ key: payment.orderId, value: JSON.stringify({ orderId: payment.orderId }) }],
    });
  }
}

/** The state a payment takes when its saga voids it. */
export function voided(payment: Payment): Payment {
  const updatedAt = new Date().toISOString();
  if (payment.status === 'PROCESSING') return { ...payment, status: 'VOIDED', reason: 'voided: no result in time', updatedAt };
  if (payment.status === 'APPROVED') return { ...payment, status: 'REFUNDED', reason: 'refunded: approved after the saga gave up', updatedAt };
  return payment;
}

function waitUntil(epochMs: number): Promise<void> {
  const delay = epochMs - Date.now();
  return sleep(Math.max(0, delay));
}
