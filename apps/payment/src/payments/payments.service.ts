import type { Payment, PaymentRequest } from '@ticket-saga/contracts';
import { retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { decide, type DecisionRules } from './payment-decision.js';
import { PAYMENT_REQUESTS_TOPIC } from './kafka.js';
import type { PaymentResultsPublisher } from './payment-results.publisher.js';
import type { PaymentsRepository } from './payments.repository.js';

export interface ProcessingSettings extends DecisionRules {
  processingMs: number;
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
    const payment = existing?.value ?? (await this.create(request));
    // Queued again even when known: the first enqueue may be the step that failed.
    if (payment.status === 'PROCESSING') await this.enqueue(payment);
    return payment;
  }

  get(orderId: string): Promise<Payment | undefined> {
    return this.repository.get(orderId).then((entry) => entry?.value);
  }

  /** Settles a queued payment and posts its result; a redelivery re-posts the same result. */
  async process(orderId: string): Promise<void> {
    const settled = await retryOnEtagMismatch(async () => {
      const entry = await this.repository.get(orderId);
      if (!entry) return undefined;
      if (entry.value.status !== 'PROCESSING') return entry.value;
      await waitUntil(Date.parse(entry.value.createdAt) + this.settings.processingMs);
      const decision = decide(entry.value, this.settings);
      const payment: Payment = { ...entry.value, status: decision.outcome, ...decision, updatedAt: new Date().toISOString() };
      await this.repository.save(payment, entry.etag);
      return payment;
    });
    if (!settled) return void this.logger.warn({ orderId }, 'queued payment not found, skipped');
    await this.results.publish(settled);
    this.logger.info({ orderId, paymentId: settled.paymentId, outcome: settled.status }, 'payment result published');
  }

  private async create(request: PaymentRequest): Promise<Payment> {
    const now = new Date().toISOString();
    const payment: Payment = { ...request, paymentId: `pay_${randomUUID()}`, status: 'PROCESSING', createdAt: now, updatedAt: now };
    await this.repository.save(payment, undefined);
    this.logger.info({ orderId: payment.orderId, paymentId: payment.paymentId }, 'payment accepted');
    return payment;
  }

  private async enqueue(payment: Payment): Promise<void> {
    await this.producer.send({
      topic: PAYMENT_REQUESTS_TOPIC,
      messages: [{ key: payment.orderId, value: JSON.stringify({ orderId: payment.orderId }) }],
    });
  }
}

function waitUntil(epochMs: number): Promise<void> {
  const delay = epochMs - Date.now();
  return delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : Promise.resolve();
}
