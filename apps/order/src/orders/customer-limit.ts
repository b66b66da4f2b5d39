import type { PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, retryOnEtagMismatch, type FieldProblem, type StateEntry } from '@ticket-saga/service-kit';
import { demandByItem } from './order.js';

/** The orders a customer has placed and not lost, with the tickets each asked for per item. */
export interface Allowance {
  orders: Record<string, { tickets: Record<string, number>; at: string }>;
}

export interface AllowanceStore {
  getAllowance(customerId: string): Promise<StateEntry<Allowance> | undefined>;
  saveAllowance(customerId: string, allowance: Allowance, etag: string | undefined): Promise<void>;
}

/**
 * An order counted here but never stored (its request failed after the count) is forgotten once
 * it is this old and still missing; younger ones may be a concurrent request still on its way.
 */
const STRAY_AFTER_MS = 60_000;

/** Tickets per item that the customer's counted orders hold or may still get. */
export function heldByItem(allowance: Allowance): Map<string, number> {
  const held = new Map<string, number>();
  for (const { tickets } of Object.values(allowance.orders)) {
    for (const [itemId, n] of Object.entries(tickets)) held.set(itemId, (held.get(itemId) ?? 0) + n);
  }
  return held;
}

/** The lines of the request that would take the customer over `max` tickets for their event. */
export function overLimit(allowance: Allowance, request: PlaceOrderRequest, max: number): FieldProblem[] {
  const held = heldByItem(allowance);
  return [...demandByItem(request)].flatMap(([itemId, wanted]) => {
    const already = held.get(itemId) ?? 0;
    if (already + wanted <= max) return [];
    const field = `items.${request.items.findIndex((item) => item.id === itemId)}.quantity`;
    return [{ field, reason: `at most ${max} tickets per customer for this event: ${already} already ordered, ${wanted} more asked` }];
  });
}

/**
 * At most `max` tickets per customer and event, across that customer's concurrent and earlier
 * orders: an order is counted before it is stored, and given back when it ends without tickets.
 * One state key per customer, written with its ETag, so concurrent orders see each other.
 */
export class CustomerLimit {
  constructor(
    private readonly store: AllowanceStore,
    private readonly max: number,
    /** Does this order still hold or await tickets? (False when it ended without, or was never stored.) */
    private readonly stillCounts: (orderId: string) => Promise<boolean>,
  ) {}

  /** Counts the order, or refuses it with a 422 naming each line over the limit; counting twice is a no-op. */
  async take(orderId: string, request: PlaceOrderRequest, now = new Date()): Promise<void> {
    await retryOnEtagMismatch(async () => {
      const entry = await this.store.getAllowance(request.customerId);
      let allowance = entry?.value ?? { orders: {} };
      if (allowance.orders[orderId]) return;
      if (overLimit(allowance, request, this.max).length) allowance = await this.withoutStrays(allowance, now);
      const problems = overLimit(allowance, request, this.max);
      if (problems.length) throw AppError.unprocessable(problems);
      const tickets = Object.fromEntries(demandByItem(request));
      allowance = { orders: { ...allowance.orders, [orderId]: { tickets, at: now.toISOString() } } };
      await this.store.saveAllowance(request.customerId, allowance, entry?.etag);
    });
  }

  /** The order ended without tickets, or was never stored: its tickets count no more. */
  async giveBack(orderId: string, customerId: string): Promise<void> {
    await retryOnEtagMismatch(async () => {
      const entry = await this.store.getAllowance(customerId);
      if (!entry?.value.orders[orderId]) return;
      const { [orderId]: _given, ...orders } = entry.value.orders;
      await this.store.saveAllowance(customerId, { orders }, entry.etag);
    });
  }

  /** Only near the limit: drops counted orders that ended without tickets but were not given back. */
  private async withoutStrays(allowance: Allowance, now: Date): Promise<Allowance> {
    const orders: Allowance['orders'] = {};
    for (const [orderId, counted] of Object.entries(allowance.orders)) {
      const young = now.getTime() - Date.parse(counted.at) < STRAY_AFTER_MS;
      if (young || (await this.stillCounts(orderId))) orders[orderId] = counted;
    }
    return { orders };
  }
}
