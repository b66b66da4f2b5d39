import type { Order, OrderOutcome, OrderPlaced, PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError } from '@ticket-saga/service-kit';

export function newOrder(id: string, request: PlaceOrderRequest, now: Date): Order {
  const at = now.toISOString();
  return { id, ...request, status: 'PENDING', createdAt: at, updatedAt: at };
}

export function orderPlaced(order: Order): OrderPlaced {
  const { id: orderId, customerId, amount, items, createdAt: placedAt } = order;
  return { orderId, customerId, amount, items, placedAt };
}

/**
 * The saga decides; the order records. Recording the same outcome twice is a no-op (activities
 * are retried), a different outcome for a finished order is a conflict.
 */
export function applyOutcome(order: Order, outcome: OrderOutcome, now: Date): Order | undefined {
  if (order.status === outcome.status) return undefined;
  if (order.status !== 'PENDING') {
    throw AppError.conflict('ORDER_FINISHED', `order ${order.id} is already ${order.status}`);
  }
  return { ...order, ...outcome, updatedAt: now.toISOString() };
}
