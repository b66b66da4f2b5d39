import { z } from 'zod';
import { PaymentTokenSchema } from './order.js';

/** POST /payments: asynchronous; answered 202 and settled later on Kafka. */
export const PaymentRequestSchema = z.strictObject({
  orderId: z.uuid(),
  customerId: z.uuid(),
  amount: z.number().positive(),
  token: PaymentTokenSchema.default('tok_approve'),
});
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;

/** VOIDED: cancelled before it was charged. REFUNDED: charged, then paid back (a late approval). */
export const PaymentStatusSchema = z.enum(['PROCESSING', 'APPROVED', 'DECLINED', 'VOIDED', 'REFUNDED']);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export const PaymentSchema = PaymentRequestSchema.extend({
  paymentId: z.string(),
  status: PaymentStatusSchema,
  reason: z.string().optional(),
  /** The trace of the saga that asked for it; the result on Kafka continues it. */
  traceparent: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const PaymentAcceptedSchema = z.object({
  paymentId: z.string(),
  status: PaymentStatusSchema,
});
export type PaymentAccepted = z.infer<typeof PaymentAcceptedSchema>;

/** What a void leaves for an order whose payment was never requested: only what is known. */
export const PaymentTombstoneSchema = z.strictObject({
  orderId: z.uuid(),
  paymentId: z.string(),
  status: z.literal('VOIDED'),
  reason: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentTombstone = z.infer<typeof PaymentTombstoneSchema>;

/** GET /payments/{orderId}: a payment, or the tombstone of one never requested. */
export const PaymentRecordSchema = z.union([PaymentSchema, PaymentTombstoneSchema]);
export type PaymentRecord = z.infer<typeof PaymentRecordSchema>;
