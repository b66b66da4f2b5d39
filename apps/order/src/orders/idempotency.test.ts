import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { IdempotencyKeySchema, orderIdFor } from './idempotency.js';

describe('idempotency keys', () => {
  const customer = 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a';

  it('give the same order id for the same customer and key, a valid UUID', () => {
    expect(orderIdFor(customer, 'k-1')).toBe(orderIdFor(customer, 'k-1'));
    expect(z.uuid().safeParse(orderIdFor(customer, 'k-1')).success).toBe(true);
  });

  it('give different ids for another key or another customer', () => {
    expect(orderIdFor(customer, 'k-2')).not.toBe(orderIdFor(customer, 'k-1'));
    expect(orderIdFor('11111111-1111-4111-8111-111111111111', 'k-1')).not.toBe(orderIdFor(customer, 'k-1'));
  });

  it('must be short visible ASCII', () => {
    expect(IdempotencyKeySchema.safeParse('abc-123').success).toBe(true);
    expect(IdempotencyKeySchema.safeParse('').success).toBe(false);
    expect(IdempotencyKeySchema.safeParse('has space').success).toBe(false);
    expect(IdempotencyKeySchema.safeParse('x'.repeat(201)).success).toBe(false);
  });
});
