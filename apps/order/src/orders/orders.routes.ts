import { OrderOutcomeSchema, PlaceOrderRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, retryOnEtagMismatch, type Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { applyOutcome, newOrder, orderPlaced } from './order.js';
import type { OrdersRepository } from './orders.repository.js';
import type { SagaLookup } from './saga-lookup.js';

const OrderIdSchema = z.uuid();

export function ordersRoutes(orders: OrdersRepository, sagas: SagaLookup, publicBaseUrl: string, logger: Logger): Router {
  const router = Router();

  /** Accepts the order and requests its saga; the answer comes before the saga's outcome. */
  router.post('/orders', async (req, res) => {
    const order = newOrder(randomUUID(), parseOrThrow(PlaceOrderRequestSchema, req.body), new Date());
    await orders.insert(order, orderPlaced(order));
    logger.info({ orderId: order.id, customerId: order.customerId, amount: order.amount }, 'order accepted');
    res.status(202).location(`${publicBaseUrl}/orders/${order.id}`).json(order);
  });

  router.get('/orders/:id', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    const entry = await orders.get(id);
    if (!entry) throw AppError.notFound('order', id);
    const saga = await sagas.find(id);
    res.json({ ...entry.value, step: saga?.step ?? null });
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
