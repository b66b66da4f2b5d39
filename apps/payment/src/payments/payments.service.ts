import type { Payment, PaymentRequest } from '@ticket-saga/contracts';
import { childTraceparent, currentTraceparent, retryOnEtagMismatch, withTraceparent, type Logger } from '@ticket-saga/service-kit';
import { randomUUID } from 'node:crypto';
import type { PaymentsPublisher } from './kafka-publisher.js';
import { isSettled, tombstone, voided, type PaymentRecord } from './payment-record.js';
import type { PaymentsRepository } from './payments.repository.js';
import type { PaymentSimulator } from './simulator.js';

/**
 * Accepts payments (one per order, whatever the number of requests) and settles them later,
 * from the payment-requests topic, so that an accepted payment survives a restart.
 */
export class PaymentsService {
  constructor(
    private readonly repository: PaymentsRepository,
    private readonly publisher: PaymentsPublisher,
    private readonly simulator: PaymentSimulator,
    private readonly logger: Logger,
  ) {}

  async accept(request: PaymentRequest): Promise<PaymentRecord> {
    const existing = await this.get(request.orderId);
    if (!existing) await this.simulator.failBeforeAccepting(request);
    const payment = existing ?? (await this.create(request));
    // Queued again even when known: the first enqueue may be the step that failed.
    if (payment.status === 'PROCESSING') await this.publisher.enqueue(payment.orderId);
    return payment;
  }

  get(orderId: string): Promise<PaymentRecord | undefined> {
    return this.repository.get(orderId).then((entry) => entry?.value);
  }

  /** Settles a queued payment and posts its result; a redelivery re-posts the same result. */
  async process(orderId: string): Promise<void> {
    const record = await retryOnEtagMismatch(() => this.settle(orderId));
    if (!record) return void this.logger.warn({ orderId }, 'queued payment not found, skipped');
    if (!isSettled(record)) {
      return void this.logger.info({ orderId, status: record.status }, 'payment left without a result');
    }
    await withTraceparent(childTraceparent(record.traceparent), () => this.publisher.publishResult(record));
    this.logger.info({ orderId, paymentId: record.paymentId, outcome: record.status }, 'payment result published');
  }

  /**
   * Cancels the payment of a saga that gave up waiting. Not charged yet: voided, and the processor
   * will skip it. Already approved (a result still on its way): refunded. Unknown: a tombstone,
   * so that a request still in flight can never charge.
   */
  async void(orderId: string): Promise<PaymentRecord> {
    const record = await retryOnEtagMismatch(async () => {
      const entry = await this.repository.get(orderId);
      const next = entry ? voided(entry.value) : tombstone(orderId);
      if (next !== entry?.value) await this.repository.save(next, entry?.etag);
      return next;
    });
    this.logger.info({ orderId, paymentId: record.paymentId, status: record.status }, 'payment voided');
    return record;
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

  private async settle(orderId: string): Promise<PaymentRecord | undefined> {
    const entry = await this.repository.get(orderId);
    if (!entry || entry.value.status !== 'PROCESSING') return entry?.value;
    const decision = await this.simulator.settle(entry.value);
    if (!decision) return entry.value;
    const { outcome, reason } = decision;
    const payment: Payment = { ...entry.value, status: outcome, ...(reason && { reason }), updatedAt: new Date().toISOString() };
    await this.repository.save(payment, entry.etag);
    return payment;
  }
}
