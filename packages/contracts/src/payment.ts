import { z } from 'zod';

/** POST /payments: asynchronous; answered 202 and settled later on Kafka. */
export const PaymentRequestSchema = z.strictObject({
  orderId: z.uuid(),
  customerId: z.uuid(),
  amount: z.number().positive(),
});
export type PaymentRequest = z.infer<typeof PaymentRequestSchema>;

export const PaymentStatusSchema = z.enum(['PROCESSING', 'APPROVED', 'DECLINED']);
export type PaymentStatus = z.infer<typeof PaymentStatusSchema>;

export const PaymentSchema = PaymentRequestSchema.extend({
  paymentId: z.string(),
  status: PaymentStatusSchema,
  reason: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Payment = z.infer<typeof PaymentSchema>;

export const PaymentAcceptedSchema = z.object({
  paymentId: z.string(),
  status: PaymentStatusSchema,
});
export type PaymentAccepted = z.infer<typeof PaymentAcceptedSchema>;
