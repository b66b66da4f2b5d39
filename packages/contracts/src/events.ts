import { z } from 'zod';
import { OrderItemSchema, PaymentTokenSchema } from './order.js';

/** Published by the order service when an order is accepted (and again by its handoff job until the saga reports a step). */
export const OrderPlacedSchema = z.strictObject({
  orderId: z.uuid(),
  customerId: z.uuid(),
  amount: z.number().positive(),
  items: z.array(OrderItemSchema).min(1),
  paymentToken: PaymentTokenSchema,
  placedAt: z.iso.datetime(),
  /** W3C trace context of the POST /orders that placed it: the saga continues that trace. */
  traceparent: z.string().optional(),
});
export type OrderPlaced = z.infer<typeof OrderPlacedSchema>;

export const PaymentOutcomeSchema = z.enum(['APPROVED', 'DECLINED']);
export type PaymentOutcome = z.infer<typeof PaymentOutcomeSchema>;

/** Published by the payment service on Kafka when it has processed a payment. */
export const PaymentProcessedSchema = z.strictObject({
  paymentId: z.string().min(1),
  orderId: z.uuid(),
  outcome: PaymentOutcomeSchema,
  reason: z.string().optional(),
  processedAt: z.iso.datetime(),
});
export type PaymentProcessed = z.infer<typeof PaymentProcessedSchema>;

/** A CloudEvents 1.0 envelope in structured JSON mode. */
export const CloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  datacontenttype: z.string().optional(),
  time: z.string().optional(),
  subject: z.string().optional(),
  data: z.unknown(),
});
export type CloudEvent<T = unknown> = z.infer<typeof CloudEventSchema> & { data: T };

/** Published by the orchestrator when the customer must be told something (e.g. a payment timed out). */
export const CustomerNotificationRequestedSchema = z.strictObject({
  orderId: z.uuid(),
  customerId: z.uuid(),
  reason: z.enum(['PAYMENT_TIMEOUT']),
  message: z.string(),
  requestedAt: z.iso.datetime(),
});
export type CustomerNotificationRequested = z.infer<typeof CustomerNotificationRequestedSchema>;
