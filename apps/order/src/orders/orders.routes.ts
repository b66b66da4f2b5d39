import { IDEMPOTENCY_KEY_HEADER, OrderOutcomeSchema, PlaceOrderRequestSchema } from '@ticket-saga/contracts';
import { parseOrThrow } from '@ticket-saga/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import { IdempotencyKeySchema } from './idempotency.js';
import type { OrdersService } from './orders.service.js';

const OrderIdSchema = z.uuid();

export function ordersRoutes(orders: OrdersService, publicBaseUrl: string): Router {
  const router = Router();

  /** 202: the saga's outcome comes later, on GET /orders/:id. */
  router.post('/orders', async (req, res) => {
    const request = parseOrThrow(PlaceOrderRequestSchema, req.body);
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    const idempotencyKey = key === undefined ? undefined : parseOrThrow(IdempotencyKeySchema, key, 'Idempotency-Key');
    const { order, replayed } = await orders.place(request, idempotencyKey);
    res.status(202).location(`${publicBaseUrl}/orders/${order.id}`);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.json(order);
  });

  router.get('/orders/:id', async (req, res) => {
    res.json(await orders.get(parseOrThrow(OrderIdSchema, req.params.id, 'id')));
  });

  router.get('/orders/:id/timeline', async (req, res) => {
    res.json(await orders.timeline(parseOrThrow(OrderIdSchema, req.params.id, 'id')));
  });

  /** Called by the orchestrator, through Dapr, when the saga reaches its end. */
  router.put('/orders/:id/outcome', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    const outcome = parseOrThrow(OrderOutcomeSchema, req.body);
    res.json(await orders.recordOutcome(id, outcome));
  });

  return router;
}
