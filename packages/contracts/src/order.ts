import { z } from 'zod';

export const MAX_ITEMS_PER_ORDER = 20;
export const MAX_QUANTITY_PER_ITEM = 10;

const money = z.number().positive().max(1_000_000).multipleOf(0.01);

export const OrderItemSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().trim().min(1).max(200),
  amount: money,
  quantity: z.number().int().positive().max(MAX_QUANTITY_PER_ITEM),
});
export type OrderItem = z.infer<typeof OrderItemSchema>;

/**
 * The payment simulator's per-order control: tok_approve (default), tok_decline, tok_timeout
 * (never answers), tok_error_N (fails technically N times, then approves).
 */
export const PaymentTokenSchema = z
  .string()
  .regex(/^tok_(approve|decline|timeout|error_[1-9][0-9]?)$/, 'expected tok_approve, tok_decline, tok_timeout or tok_error_N (N from 1 to 99)');
export type PaymentToken = z.infer<typeof PaymentTokenSchema>;

export const PaymentInstructionSchema = z.strictObject({ token: PaymentTokenSchema });
export type PaymentInstruction = z.infer<typeof PaymentInstructionSchema>;

/** The body of POST /orders: the payload of the original brief, plus an optional payment token. */
export const PlaceOrderRequestSchema = z.strictObject({
  customerId: z.uuid(),
  amount: money,
  items: z.array(OrderItemSchema).min(1).max(MAX_ITEMS_PER_ORDER),
  payment: PaymentInstructionSchema.optional(),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;

export const OrderStatusSchema = z.enum(['PENDING', 'COMPLETED', 'REJECTED', 'PAYMENT_DECLINED', 'PAYMENT_TIMEOUT', 'FAILED']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

export const TicketSchema = z.strictObject({
  code: z.string(),
  itemId: z.uuid(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const ReceiptSchema = z.strictObject({
  receiptNumber: z.string(),
  paymentId: z.string(),
  customerId: z.uuid(),
  lines: z.array(z.strictObject({ itemId: z.uuid(), name: z.string(), quantity: z.number().int(), unitAmount: z.number() })),
  total: z.number(),
  issuedAt: z.iso.datetime(),
});
export type Receipt = z.infer<typeof ReceiptSchema>;

export const OrderSchema = PlaceOrderRequestSchema.extend({
  id: z.uuid(),
  status: OrderStatusSchema,
  reason: z.string().optional(),
  tickets: z.array(TicketSchema).optional(),
  receipt: ReceiptSchema.optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Order = z.infer<typeof OrderSchema>;

/**
 * What the orchestrator sends the order service when a saga reaches its end; a completed order
 * also gets its tickets and the payment that paid them.
 */
export const OrderOutcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('COMPLETED'), tickets: z.array(TicketSchema).min(1), paymentId: z.string().min(1) }),
  z.strictObject({
    status: OrderStatusSchema.exclude(['PENDING', 'COMPLETED']),
    reason: z.string().min(1).max(500),
  }),
]);
export type OrderOutcome = z.infer<typeof OrderOutcomeSchema>;

/**
 * GET /orders/{id}: the order, and where its saga is. `step` is a saga step name (the one the
 * saga is in, or the outcome step it ended with); `attempt` rises while a step is retried.
 */
export const OrderViewSchema = OrderSchema.extend({
  step: z.string().nullable(),
  attempt: z.number().int().positive().nullable(),
});
export type OrderView = z.infer<typeof OrderViewSchema>;

/** PUT /orders/{id}/progress: where the saga is, as the orchestrator saw it at `at`. */
export const OrderProgressSchema = z.strictObject({
  step: z.string().min(1).max(60),
  attempt: z.number().int().positive(),
  at: z.iso.datetime(),
});
export type OrderProgress = z.infer<typeof OrderProgressSchema>;
