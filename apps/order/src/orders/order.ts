import type { Order, OrderOutcome, OrderPlaced, PlaceOrderRequest, Receipt } from '@ticket-saga/contracts';
import { AppError } from '@ticket-saga/service-kit';
import { isDeepStrictEqual } from 'node:util';

export function newOrder(id: string, request: PlaceOrderRequest, now: Date): Order {
  const at = now.toISOString();
  return { id, ...request, status: 'PENDING', createdAt: at, updatedAt: at };
}

/**
 * An order the door refuses because too few tickets are left: final at once, REJECTED as its saga
 * would have rejected it, and never handed to a saga.
 */
export function soldOutAtTheDoor(
  id: string,
  request: PlaceOrderRequest,
  shortages: Array<{ itemId: string; requested: number; available: number }>,
  now: Date,
): Order {
  const what = shortages.map((s) => `item ${s.itemId}: ${s.requested} requested, ${s.available} available`).join('; ');
  return { ...newOrder(id, request, now), status: 'REJECTED', reason: `sold out: ${what}` };
}

/** An order holds or awaits its tickets until it ends without them; a missing order holds none. */
export const countsAgainstLimit = (order: Order | undefined): boolean => order?.status === 'PENDING' || order?.status === 'COMPLETED';

/** Tickets asked per item: an order may list one item on several lines. */
export function demandByItem(request: PlaceOrderRequest): Map<string, number> {
  const demand = new Map<string, number>();
  for (const { id, quantity } of request.items) demand.set(id, (demand.get(id) ?? 0) + quantity);
  return demand;
}

export function orderPlaced(order: Order, traceparent?: string): OrderPlaced {
  const { id: orderId, customerId, amount, items, createdAt: placedAt } = order;
  return { orderId, customerId, amount, items, paymentToken: order.payment?.token ?? 'tok_approve', placedAt, ...(traceparent && { traceparent }) };
}

/** Was this order placed with exactly this request? (A reused idempotency key must mean the same order.) */
export function sameRequest(order: Order, request: PlaceOrderRequest): boolean {
  const { customerId, amount, items, payment } = order;
  return isDeepStrictEqual({ customerId, amount, items, payment }, { ...request, payment: request.payment });
}

/**
 * The saga decides; the order records. Recording the same outcome twice is a no-op (activities
 * are retried), a different outcome for a finished order is a conflict. A completed order gets
 * its tickets and a receipt.
 */
export function applyOutcome(order: Order, outcome: OrderOutcome, now: Date): Order | undefined {
  if (order.status === outcome.status) return undefined;
  if (order.status !== 'PENDING') {
    throw AppError.conflict('ORDER_FINISHED', `order ${order.id} is already ${order.status}`);
  }
  const updatedAt = now.toISOString();
  if (outcome.status === 'COMPLETED') {
    return { ...order, status: 'COMPLETED', tickets: outcome.tickets, receipt: receiptFor(order, outcome.paymentId, now), updatedAt };
  }
  return { ...order, status: outcome.status, reason: outcome.reason, updatedAt };
}

export function receiptFor(order: Order, paymentId: string, issuedAt: Date): Receipt {
  return {
    receiptNumber: `RCPT-${order.id.slice(0, 8).toUpperCase()}`,
    paymentId,
    customerId: order.customerId,
    lines: order.items.map((item) => ({ itemId: item.id, name: item.name, quantity: item.quantity, unitAmount: item.amount })),
    total: order.amount,
    issuedAt: issuedAt.toISOString(),
  };
}
