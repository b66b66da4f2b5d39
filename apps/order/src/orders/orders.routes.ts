import { IDEMPOTENCY_KEY_HEADER, OrderOutcomeSchema, PlaceOrderRequestSchema } from '@ticket-saga/contracts';
import { AppError, currentTraceparent, parseOrThrow, retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { CatalogueCheck } from './catalogue-check.js';
import { IdempotencyKeySchema, orderIdFor } from './idempotency.js';
import { applyOutcome, newOrder, orderPlaced, sameRequest } from './order.js';
import type { OrdersRepository } from './orders.repository.js';
import type { SagaLookup } from './saga-lookup.js';

const OrderIdSchema = z.uuid();

export interface OrdersRouteDeps {
  orders: OrdersRepository;
  sagas: SagaLookup;
  catalogue: CatalogueCheck;
  publicBaseUrl: string;
  logger: Logger;
}

export function ordersRoutes({ orders, sagas, catalogue, publicBaseUrl, logger }: OrdersRouteDeps): Router {
  const router = Router();

  /**
   * Accepts the order and requests its saga; the answer comes before the saga's outcome. With an
   * Idempotency-Key, a repeated request returns the order the first one created.
   */
  router.post('/orders', async (req, res) => {
    const request = parseOrThrow(PlaceOrderRequestSchema, req.body);
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    const id = key === undefined ? randomUUID() : orderIdFor(request.customerId, parseOrThrow(IdempotencyKeySchema, key, 'Idempotency-Key'));
    const existing = key === undefined ? undefined : await orders.get(id);
    if (existing) {
      if (!sameRequest(existing.value, request)) {
        throw AppError.conflict('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key: already used for a different order');
      }
      return void res.status(202).location(`${publicBaseUrl}/orders/${id}`).set('Idempotent-Replayed', 'true').json(existing.value);
    }
    await catalogue.assertOnSale(request);
    const order = newOrder(id, request, new Date());
    await orders.insert(order, orderPlaced(order, currentTraceparent()));
    logger.info({ orderId: order.id, customerId: order.customerId, amount: order.amount }, 'order accepted');
    res.status(202).location(`${publicBaseUrl}/orders/${order.id}`).json(order);
  });

  router.get('/orders/:id', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    const entry = await orders.get(id);
    if (!entry) throw AppError.notFound('order', id);
    const order = entry.value;
    // The order is final as soon as the saga records it, a moment before the saga itself ends:
    // its final state is named after the status, so there is no need to ask.
    if (order.status !== 'PENDING') return void res.json({ ...order, step: order.status, attempt: null });
    const saga = await sagas.find(id);
    res.json({ ...order, step: saga?.step ?? null, attempt: saga?.attempt ?? null });
  });

  /** The saga log of the order: what was asked of whom, what came back, when. */
  router.get('/orders/:id/timeline', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    if (!(await orders.get(id))) throw AppError.notFound('order', id);
    const timeline = await sagas.timeline(id);
    res.json(timeline ?? []);
  });

  /** Called by the orchestrator, through Dapr, when the saga reaches its end. */
  router.put('/orders/:id/outcome', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    const outcome = parseOrThrow(OrderOutcomeSchema, req.body);
    const order = await retryOnEtagMismatch(async () => {
      const entry = await orders.get(id);
      if (!entry) throw AppError.notFound('order', id);
      const updated = applyOutcome(entry.value, outcome, new Date());
      if (updated) await orders.update(updated, entry.etag);
      return updated ?? entry.value;
    });
    logger.info({ orderId: id, status: order.status, reason: order.reason }, 'order outcome recorded');
    res.json(order);
  });

  return router;
}
