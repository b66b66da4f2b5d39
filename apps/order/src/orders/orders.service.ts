import type { Order, OrderOutcome, OrderView, PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, currentTraceparent, retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import { randomUUID } from 'node:crypto';
import type { CatalogueCheck } from './catalogue-check.js';
import { orderIdFor } from './idempotency.js';
import { applyOutcome, newOrder, orderPlaced, sameRequest } from './order.js';
import type { OrdersRepository } from './orders.repository.js';
import type { SagaLookup } from './saga-lookup.js';

// Collaborators by the methods used, so that tests can pass plain objects for the Dapr-backed classes.
export type OrderStore = Pick<OrdersRepository, 'insert' | 'get' | 'update'>;
export type SagaProgress = Pick<SagaLookup, 'find' | 'timeline'>;
export type Catalogue = Pick<CatalogueCheck, 'assertOnSale'>;

export interface PlaceResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

/** An order with where its saga stands; both null while that is unknown. */

/** Takes orders and records how their sagas end; the sagas themselves run in the orchestrator. */
export class OrdersService {
  constructor(
    private readonly orders: OrderStore,
    private readonly sagas: SagaProgress,
    private readonly catalogue: Catalogue,
    private readonly logger: Logger,
  ) {}

  /**
   * Stores the order with its OrderPlaced event, which requests the saga; the caller is answered
   * before the saga's outcome. With an idempotency key, a repeated request gets the order the
   * first one created.
   */
  async place(request: PlaceOrderRequest, idempotencyKey?: string): Promise<PlaceResult> {
    const id = idempotencyKey === undefined ? randomUUID() : orderIdFor(request.customerId, idempotencyKey);
    const earlier = idempotencyKey === undefined ? undefined : await this.earlierOrder(id, request);
    if (earlier) return { order: earlier, replayed: true };

    await this.catalogue.assertOnSale(request);
    const order = newOrder(id, request, new Date());
    await this.orders.insert(order, orderPlaced(order, currentTraceparent()));
    this.logger.info({ orderId: order.id, customerId: order.customerId, amount: order.amount }, 'order accepted');
    return { order, replayed: false };
  }

  async get(id: string): Promise<OrderView> {
    const order = await this.find(id);
    // The saga's step: the one it is in, or, once final, the outcome step that recorded the status.
    const saga = await this.sagas.find(id);
    return { ...order, step: saga?.step ?? null, attempt: saga?.attempt ?? null };
  }

  /** The saga log of the order: what was asked of whom, what came back, when. */
  async timeline(id: string): Promise<unknown[]> {
    await this.find(id);
    return (await this.sagas.timeline(id)) ?? [];
  }

  /** The saga's outcome, recorded once however often the orchestrator retries the call. */
  async recordOutcome(id: string, outcome: OrderOutcome): Promise<Order> {
    const order = await retryOnEtagMismatch(async () => {
      const entry = await this.orders.get(id);
      if (!entry) throw AppError.notFound('order', id);
      const updated = applyOutcome(entry.value, outcome, new Date());
      if (updated) await this.orders.update(updated, entry.etag);
      return updated ?? entry.value;
    });
    this.logger.info({ orderId: id, status: order.status, reason: order.reason }, 'order outcome recorded');
    return order;
  }

  /** The order an earlier request with the same key created; the key must not name another order. */
  private async earlierOrder(id: string, request: PlaceOrderRequest): Promise<Order | undefined> {
    const existing = await this.orders.get(id);
    if (existing && !sameRequest(existing.value, request)) {
      throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key: already used for a different order');
    }
    return existing?.value;
  }

  private async find(id: string): Promise<Order> {
    const entry = await this.orders.get(id);
    if (!entry) throw AppError.notFound('order', id);
    return entry.value;
  }
}
