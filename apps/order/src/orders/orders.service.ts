import type { Order, OrderOutcome, OrderProgress, OrderView, PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, currentTraceparent, retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import { randomUUID } from 'node:crypto';
import type { CatalogueCheck } from './catalogue-check.js';
import { orderIdFor } from './idempotency.js';
import { applyOutcome, newOrder, orderPlaced, sameRequest } from './order.js';
import type { OrdersRepository } from './orders.repository.js';
import type { SagaHandoff } from './saga-handoff.js';
import type { SagaLookup } from './saga-lookup.js';

// Collaborators by the methods used, so that tests can pass plain objects for the Dapr-backed classes.
export type OrderStore = Pick<OrdersRepository, 'insert' | 'get' | 'update' | 'getProgress' | 'saveProgress'>;
export type SagaLog = Pick<SagaLookup, 'timeline'>;
export type Handoff = Pick<SagaHandoff, 'secure' | 'publish' | 'release'>;
export type Catalogue = Pick<CatalogueCheck, 'assertOnSale'>;

export interface PlaceResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

export type RedriveOutcome = 'no-order' | 'finished' | 'acknowledged' | 'redriven';

/** Takes orders and records how their sagas end; the sagas themselves run in the orchestrator. */
export class OrdersService {
  constructor(
    private readonly orders: OrderStore,
    private readonly handoff: Handoff,
    private readonly sagaLog: SagaLog,
    private readonly catalogue: Catalogue,
    private readonly logger: Logger,
  ) {}

  /**
   * Accepts the order and requests its saga; the caller is answered before the saga's outcome.
   * The handoff is secured before the order is stored, so no stored order is ever left without
   * its saga being requested. With an idempotency key, a repeated request gets the order the
   * first one created.
   */
  async place(request: PlaceOrderRequest, idempotencyKey?: string): Promise<PlaceResult> {
    const id = idempotencyKey === undefined ? randomUUID() : orderIdFor(request.customerId, idempotencyKey);
    const earlier = idempotencyKey === undefined ? undefined : await this.earlierOrder(id, request);
    if (earlier) return { order: earlier, replayed: true };

    await this.catalogue.assertOnSale(request);
    const order = newOrder(id, request, new Date());
    await this.secureHandoff(id);
    await this.orders.insert(order);
    await this.handoff.publish(orderPlaced(order, currentTraceparent()));
    this.logger.info({ orderId: order.id, customerId: order.customerId, amount: order.amount }, 'order accepted');
    return { order, replayed: false };
  }

  /** Two local reads: polling an order never reaches the orchestrator. */
  async get(id: string): Promise<OrderView> {
    const [order, progress] = await Promise.all([this.find(id), this.orders.getProgress(id)]);
    return { ...order, step: progress?.value.step ?? null, attempt: progress?.value.attempt ?? null };
  }

  /** The saga reports where it is; reports may arrive out of order, the latest one wins. */
  async recordProgress(id: string, progress: OrderProgress): Promise<void> {
    await retryOnEtagMismatch(async () => {
      const current = await this.orders.getProgress(id);
      if (current && current.value.at > progress.at) return;
      await this.orders.saveProgress(id, progress, current?.etag);
    });
  }

  /**
   * The handoff's safety net ticked: an order still PENDING whose saga never reported a step is
   * requested again (the orchestrator starts it at most once); otherwise the net is released.
   */
  async redrive(id: string): Promise<RedriveOutcome> {
    const entry = await this.orders.get(id);
    if (entry?.value.status === 'PENDING' && !(await this.orders.getProgress(id))) {
      await this.handoff.publish(orderPlaced(entry.value));
      this.logger.warn({ orderId: id }, 'saga not started yet: OrderPlaced published again');
      return 'redriven';
    }
    await this.handoff.release(id);
    if (!entry) return 'no-order';
    return entry.value.status === 'PENDING' ? 'acknowledged' : 'finished';
  }

  /** The saga log of the order: what was asked of whom, what came back, when. */
  async timeline(id: string): Promise<unknown[]> {
    await this.find(id);
    return (await this.sagaLog.timeline(id)) ?? [];
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

  private async secureHandoff(id: string): Promise<void> {
    try {
      await this.handoff.secure(id);
    } catch (err) {
      this.logger.error({ err, orderId: id }, 'order refused: its saga handoff cannot be secured');
      throw AppError.unavailable('orders cannot be accepted right now; retry later');
    }
  }

  private async find(id: string): Promise<Order> {
    const entry = await this.orders.get(id);
    if (!entry) throw AppError.notFound('order', id);
    return entry.value;
  }
}
