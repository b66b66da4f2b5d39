import { IDEMPOTENCY_KEY_HEADER, OrderOutcomeSchema, OrderProgressSchema, PlaceOrderRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow } from '@ticket-saga/service-kit';
import { Router } from 'express';
import { z } from 'zod';
import { IdempotencyKeySchema } from './idempotency.js';
import type { OrdersService } from './orders.service.js';
import { orderIdOfJob } from './saga-handoff.js';

const OrderIdSchema = z.uuid();

/** The buyers' API, on the public port. */
export function ordersRoutes(orders: OrdersService, publicBaseUrl: string): Router {
  const router = Router();

  /** 202: the saga's outcome comes later, on GET /orders/:id; 201: the order is already final (sold out at the door). */
  router.post('/orders', async (req, res) => {
    const request = parseOrThrow(PlaceOrderRequestSchema, req.body);
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    const idempotencyKey = key === undefined ? undefined : parseOrThrow(IdempotencyKeySchema, key, 'Idempotency-Key');
    const { order, replayed } = await orders.place(request, idempotencyKey);
    res.status(order.status === 'PENDING' ? 202 : 201).location(`${publicBaseUrl}/orders/${order.id}`);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.json(order);
  });

  router.get('/orders/:id', async (req, res) => {
    res.json(await orders.get(parseOrThrow(OrderIdSchema, req.params.id, 'id')));
  });

  router.get('/orders/:id/timeline', async (req, res) => {
    res.json(await orders.timeline(parseOrThrow(OrderIdSchema, req.params.id, 'id')));
  });

  return router;
}

/** What only the saga (through Dapr) and the order's own sidecar may do: mounted on the internal port alone. */
export function sagaResultsRoutes(orders: OrdersService): Router {
  const router = Router();

  /** Called by the orchestrator, through Dapr, when the saga reaches its end. */
  router.put('/orders/:id/outcome', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    const outcome = parseOrThrow(OrderOutcomeSchema, req.body);
    res.json(await orders.recordOutcome(id, outcome));
  });

  /** Called by the orchestrator, through Dapr, as the saga moves: the order's local view of it. */
  router.put('/orders/:id/progress', async (req, res) => {
    const id = parseOrThrow(OrderIdSchema, req.params.id, 'id');
    await orders.recordProgress(id, parseOrThrow(OrderProgressSchema, req.body));
    res.status(204).end();
  });

  /** Dapr job callback: the handoff's safety net for one order. */
  router.post('/job/:name', async (req, res) => {
    const orderId = orderIdOfJob(req.params.name);
    if (!orderId) throw AppError.notFound('job', req.params.name);
    res.json({ orderId, outcome: await orders.redrive(orderId) });
  });

  return router;
}
