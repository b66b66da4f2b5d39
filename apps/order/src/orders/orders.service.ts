import type { Order, OrderOutcome, OrderProgress, OrderView, PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, currentTraceparent, retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import { randomUUID } from 'node:crypto';
import type { Admission } from './admission.js';
import type { CatalogueCheck, DoorShortage } from './catalogue-check.js';
import type { CustomerLimit } from './customer-limit.js';
import { orderIdFor } from './idempotency.js';
import { applyOutcome, newOrder, orderPlaced, sameRequest, soldOutAtTheDoor } from './order.js';
import type { OrdersRepository } from './orders.repository.js';
import type { SagaHandoff } from './saga-handoff.js';
import type { SagaLookup } from './saga-lookup.js';

// Collaborators by the methods used, so that tests can pass plain objects for the Dapr-backed classes.
export type OrderStore = Pick<OrdersRepository, 'create' | 'get' | 'update' | 'getProgress' | 'saveProgress'>;
export type SagaLog = Pick<SagaLookup, 'timeline'>;
export type Handoff = Pick<SagaHandoff, 'secure' | 'publish' | 'release'>;
export type Catalogue = Pick<CatalogueCheck, 'shortages' | 'knownSoldOut'>;
export type Limit = Pick<CustomerLimit, 'take' | 'giveBack'>;
export type Door = Pick<Admission, 'assertRoom' | 'accepted' | 'started' | 'settled'>;

/** Why the box office turned an order away, for the metrics. */
export type Refusal = 'sold_out' | 'customer_limit' | 'admission';

/** What the order service needs besides its store: the saga handoff and the box office's rules. */
export interface OrdersDeps {
  handoff: Handoff;
  sagaLog: SagaLog;
  catalogue: Catalogue;
  limit: Limit;
  admission: Door;
  refused: (why: Refusal) => void;
  logger: Logger;
}

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
    private readonly deps: OrdersDeps,
  ) {}

  /**
   * The box office's door, then the handoff. An order for an item with too few tickets left is
   * final at once (REJECTED, no saga); one the orchestrator could not start in time, or that
   * takes its customer over the limit, is refused and nothing is stored. Otherwise the order is
   * accepted and its saga requested; the caller is answered before the saga's outcome. The
   * handoff is secured before the order is stored, so no stored order is ever left without its
   * saga being requested. With an idempotency key, a repeated request gets the order the first
   * one created.
   */
  async place(request: PlaceOrderRequest, idempotencyKey?: string): Promise<PlaceResult> {
    const id = idempotencyKey === undefined ? randomUUID() : orderIdFor(request.customerId, idempotencyKey);
    const earlier = idempotencyKey === undefined ? undefined : await this.earlierOrder(id, request);
    if (earlier) return { order: earlier, replayed: true };

    // Cheapest first: a rush brings more orders than the door can afford to look up.
    const known = this.deps.catalogue.knownSoldOut(request);
    if (known) return { order: await this.refuseSoldOut(id, request, known), replayed: false };
    await this.counting('admission', 503, async () => this.deps.admission.assertRoom());
    const shortages = await this.deps.catalogue.shortages(request);
    if (shortages.length) return { order: await this.refuseSoldOut(id, request, shortages), replayed: false };
    await this.counting('customer_limit', 422, () => this.deps.limit.take(id, request));
    const order = newOrder(id, request, new Date());
    const created = await this.givingBackOnFailure(order, async () => {
      await this.secureHandoff(id);
      return this.orders.create(order);
    });
    // The same key, sent twice at once: the request that stored the order first made it.
    if (!created) return { order: (await this.earlierOrder(id, request)) ?? order, replayed: true };
    this.deps.admission.accepted(order.id);
    await this.deps.handoff.publish(orderPlaced(order, currentTraceparent()));
    this.deps.logger.info({ orderId: order.id, customerId: order.customerId, amount: order.amount }, 'order accepted');
    return { order, replayed: false };
  }

  /** Two local reads: polling an order never reaches the orchestrator. */
  async get(id: string): Promise<OrderView> {
    const [order, progress] = await Promise.all([this.find(id), this.orders.getProgress(id)]);
    return { ...order, step: progress?.value.step ?? null, attempt: progress?.value.attempt ?? null };
  }

  /** The saga reports where it is; reports may arrive out of order, the latest one wins. */
  async recordProgress(id: string, progress: OrderProgress): Promise<void> {
    const first = await retryOnEtagMismatch(async () => {
      const current = await this.orders.getProgress(id);
      if (current && current.value.at > progress.at) return false;
      await this.orders.saveProgress(id, progress, current?.etag);
      return !current;
    });
    if (first) await this.sagaStarted(id, progress);
  }

  /**
   * The handoff's safety net ticked: an order still PENDING whose saga never reported a step is
   * requested again (the orchestrator starts it at most once); otherwise the net is released.
   */
  async redrive(id: string): Promise<RedriveOutcome> {
    const entry = await this.orders.get(id);
    if (entry?.value.status === 'PENDING' && !(await this.orders.getProgress(id))) {
      await this.deps.handoff.publish(orderPlaced(entry.value));
      this.deps.logger.warn({ orderId: id }, 'saga not started yet: OrderPlaced published again');
      return 'redriven';
    }
    await this.deps.handoff.release(id);
    if (!entry) return 'no-order';
    return entry.value.status === 'PENDING' ? 'acknowledged' : 'finished';
  }

  /** The saga log of the order: what was asked of whom, what came back, when. */
  async timeline(id: string): Promise<unknown[]> {
    await this.find(id);
    return (await this.deps.sagaLog.timeline(id)) ?? [];
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
    this.deps.admission.settled(id);
    if (order.status !== 'COMPLETED') await this.deps.limit.giveBack(id, order.customerId);
    this.deps.logger.info({ orderId: id, status: order.status, reason: order.reason }, 'order outcome recorded');
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

  private async refuseSoldOut(id: string, request: PlaceOrderRequest, shortages: DoorShortage[]): Promise<Order> {
    const order = soldOutAtTheDoor(id, request, shortages, new Date());
    if (!(await this.orders.create(order))) return (await this.earlierOrder(id, request)) ?? order;
    this.deps.refused('sold_out');
    this.deps.logger.info({ orderId: id, customerId: request.customerId, reason: order.reason }, 'order rejected at the door');
    return order;
  }

  /** Runs one of the door's rules; the refusal it answers with (`status`, not a failure) is counted. */
  private async counting(why: Refusal, status: number, rule: () => Promise<void>): Promise<void> {
    try {
      await rule();
    } catch (err) {
      if (err instanceof AppError && err.status === status) this.deps.refused(why);
      throw err;
    }
  }

  /** A counted order that could not be stored counts no more (best effort: a stray is dropped later anyway). */
  private async givingBackOnFailure<T>(order: Order, store: () => Promise<T>): Promise<T> {
    try {
      return await store();
    } catch (err) {
      await this.deps.limit.giveBack(order.id, order.customerId).catch(() => undefined);
      throw err;
    }
  }

  /** The saga's first report: how long its order waited to start tells the door how busy the orchestrator is. */
  private async sagaStarted(id: string, progress: OrderProgress): Promise<void> {
    const order = await this.orders.get(id);
    if (order) this.deps.admission.started(id, Date.parse(progress.at) - Date.parse(order.value.createdAt));
  }

  private async secureHandoff(id: string): Promise<void> {
    try {
      await this.deps.handoff.secure(id);
    } catch (err) {
      this.deps.logger.error({ err, orderId: id }, 'order refused: its saga handoff cannot be secured');
      throw AppError.unavailable('orders cannot be accepted right now; retry later');
    }
  }

  private async find(id: string): Promise<Order> {
    const entry = await this.orders.get(id);
    if (!entry) throw AppError.notFound('order', id);
    return entry.value;
  }
}
