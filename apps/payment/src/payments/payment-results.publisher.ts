import { CloudEventSources, Events, Topics, type CloudEvent, type Payment, type PaymentProcessed } from '@ticket-saga/contracts';
import { currentTraceparent } from '@ticket-saga/service-kit';
import type { Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export type SettledPayment = Payment & { status: 'APPROVED' | 'DECLINED' };

export const isSettled = (payment: Payment): payment is SettledPayment =>
  payment.status === 'APPROVED' || payment.status === 'DECLINED';

/** Posts payment results on Kafka as structured CloudEvents, keyed by order to keep them in order. */
export class PaymentResultsPublisher {
  constructor(private readonly producer: Producer) {}

  async publish(payment: SettledPayment): Promise<PaymentProcessed> {
    const data: PaymentProcessed = {
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      outcome: payment.status,
      ...(payment.reason !== undefined && { reason: payment.reason }),
      processedAt: payment.updatedAt,
    };
    const traceparent = currentTraceparent();
    const event: CloudEvent<PaymentProcessed> & { traceparent?: string } = {
      specversion: '1.0',
      id: randomUUID(),
      source: CloudEventSources.payment,
      type: Events.PaymentProcessed,
      subject: payment.orderId,
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      // CloudEvents distributed tracing extension: Dapr continues this trace when it delivers.
      ...(traceparent && { traceparent }),
      data,
    };
    await this.producer.send({
      topic: Topics.paymentResults,
      messages: [
        { key: payment.orderId, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } },
      ],
    });
    return data;
  }
}
