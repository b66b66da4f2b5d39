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

/** The body of POST /orders: the payload of the original brief. */
export const PlaceOrderRequestSchema = z.strictObject({
  customerId: z.uuid(),
  amount: money,
  items: z.array(OrderItemSchema).min(1).max(MAX_ITEMS_PER_ORDER),
});
export type PlaceOrderRequest = z.infer<typeof PlaceOrderRequestSchema>;

export const OrderStatusSchema = z.enum([
  'PENDING',
  'COMPLETED',
  'REJECTED',
  'PAYMENT_DECLINED',
  'PAYMENT_TIMEOUT',
  'FAILED',
]);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;
export const FINAL_ORDER_STATUSES: readonly OrderStatus[] = OrderStatusSchema.options.filter(
  (status) => status !== 'PENDING',
);

export const OrderSchema = PlaceOrderRequestSchema.extend({
  id: z.uuid(),
  status: OrderStatusSchema,
  reason: z.string().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Order = z.infer<typeof OrderSchema>;

/** What the orchestrator sends the order service when a saga reaches its end. */
export const OrderOutcomeSchema = z.strictObject({
  status: OrderStatusSchema.exclude(['PENDING']),
  reason: z.string().max(500).optional(),
});
export type OrderOutcome = z.infer<typeof OrderOutcomeSchema>;
