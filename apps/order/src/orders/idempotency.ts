import { createHash } from 'node:crypto';
import { z } from 'zod';

export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'expected 1 to 200 visible ASCII characters');

/**
 * The order id for a customer's idempotency key: derived, not stored, so that a retried POST
 * lands on the same order without a lookup table (UUID layout, version 5 style).
 */
export function orderIdFor(customerId: string, idempotencyKey: string): string {
  const bytes = createHash('sha256').update(`${customerId}\n${idempotencyKey}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
