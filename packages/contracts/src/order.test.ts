import { describe, expect, it } from '@jest/globals';
import { PlaceOrderRequestSchema } from './order.js';

const brief = {
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200.0, quantity: 1 }],
};

const problems = (body: unknown) => PlaceOrderRequestSchema.safeParse(body).error?.issues.map((issue) => issue.path.join('.')) ?? [];

describe('PlaceOrderRequestSchema', () => {
  it("accepts the original brief's payload", () => {
    expect(PlaceOrderRequestSchema.parse(brief)).toEqual(brief);
  });

  it('names the field at fault', () => {
    expect(problems({ ...brief, customerId: 'nope' })).toEqual(['customerId']);
    expect(problems({ ...brief, amount: -1 })).toEqual(['amount']);
    expect(problems({ ...brief, items: [] })).toEqual(['items']);
    expect(problems({ ...brief, items: [{ ...brief.items[0], quantity: 0 }] })).toEqual(['items.0.quantity']);
    expect(problems({ ...brief, surprise: true })).toEqual(['']);
  });
});
