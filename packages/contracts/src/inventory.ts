import { z } from 'zod';

export const ItemSchema = z.strictObject({
  id: z.uuid(),
  name: z.string().min(1),
  price: z.number().nonnegative(),
  available: z.number().int().nonnegative(),
  reserved: z.number().int().nonnegative(),
  sold: z.number().int().nonnegative(),
  /** False once an item is withdrawn from sale: no new reservation, existing ones stand. */
  onSale: z.boolean().default(true),
});
export type Item = z.infer<typeof ItemSchema>;

/** PUT /items/{id}: create an item or set its stock. */
export const PutItemRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  price: z.number().nonnegative(),
  available: z.number().int().nonnegative().max(10_000_000),
  onSale: z.boolean().default(true),
});
export type PutItemRequest = z.infer<typeof PutItemRequestSchema>;

export const ReservationLineSchema = z.strictObject({
  itemId: z.uuid(),
  quantity: z.number().int().positive(),
});
export type ReservationLine = z.infer<typeof ReservationLineSchema>;

/** POST /reservations: the id is chosen by the caller, which makes retries idempotent. */
export const ReserveRequestSchema = z.strictObject({
  reservationId: z.string().min(1).max(200),
  lines: z.array(ReservationLineSchema).min(1),
  /** How long to hold the tickets; the inventory's RESERVATION_HOLD_SECONDS when absent. */
  holdSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type ReserveRequest = z.infer<typeof ReserveRequestSchema>;

export const ReservationStatusSchema = z.enum(['RESERVED', 'CONFIRMED', 'RELEASED', 'EXPIRED']);
export type ReservationStatus = z.infer<typeof ReservationStatusSchema>;

export const ReservationSchema = z.strictObject({
  reservationId: z.string(),
  lines: z.array(ReservationLineSchema),
  status: ReservationStatusSchema,
  /** Unconfirmed tickets go back on sale after this time. */
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Reservation = z.infer<typeof ReservationSchema>;

/** POST /items/check: which of these items can be sold now, and why not. */
export const ProductCheckRequestSchema = z.strictObject({ itemIds: z.array(z.uuid()).min(1).max(100) });
export const ProductCheckResultSchema = z.object({
  unavailable: z.array(z.object({ itemId: z.string(), reason: z.enum(['UNKNOWN_ITEM', 'WITHDRAWN']) })),
  /** Tickets on sale now, per known item: a hint for the door, never a promise (see reservations). */
  available: z.record(z.string(), z.number().int().nonnegative()).default({}),
});
export type ProductCheckResult = z.infer<typeof ProductCheckResultSchema>;
