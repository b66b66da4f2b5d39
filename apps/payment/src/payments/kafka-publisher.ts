import { CloudEventSources, Events, Topics, type CloudEvent, type PaymentProcessed } from '@ticket-saga/contracts';
import { currentTraceparent } from '@ticket-saga/service-kit';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { PAYMENT_REQUESTS_TOPIC } from './kafka.js';
import type { SettledPayment } from './payment-record.js';

type TracedCloudEvent<T> = CloudEvent<T> & { traceparent?: string };

/** Everything the service sends to Kafka, keyed by order so that an order's messages stay in order. */
export class PaymentsPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    // Idempotent, one request in flight: a retried send neither duplicates nor reorders.
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Hands an accepted payment to the processor, through the service's own work queue. */
  async enqueue(orderId: string): Promise<void> {
    await this.producer.send({
      topic: PAYMENT_REQUESTS_TOPIC,
      messages: [{ key: orderId, value: JSON.stringify({ orderId }) }],
    });
  }

  /** Posts a settled payment as a structured PaymentProcessed CloudEvent. */
  async publishResult(payment: SettledPayment): Promise<void> {
    await this.producer.send({
      topic: Topics.paymentResults,
      messages: [{ key: payment.orderId, value: JSON.stringify(paymentProcessed(payment)), headers: { 'content-type': 'application/cloudevents+json' } }],
    });
  }
}

function paymentProcessed(payment: SettledPayment): TracedCloudEvent<PaymentProcessed> {
  const traceparent = currentTraceparent();
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: CloudEventSources.payment,
    type: Events.PaymentProcessed,
    subject: payment.orderId,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    // CloudEvents distributed tracing extension: Dapr continues this trace when it delivers.
    ...(traceparent && { traceparent }),
    data: {
      paymentId: payment.paymentId,
      orderId: payment.orderId,
      outcome: payment.status,
      ...(payment.reason !== undefined && { reason: payment.reason }),
      processedAt: payment.updatedAt,
    },
  };
}
