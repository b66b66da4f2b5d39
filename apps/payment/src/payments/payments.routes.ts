import { PaymentRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, type OperatorGuard } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { PaymentsService } from './payments.service.js';

/** The saga's payment operations, mounted on the internal port alone (Dapr's app-port). */
export function paymentsRoutes(payments: PaymentsService): Router {
  const router = Router();

  /** Asynchronous: 202 now, the result later on Kafka. Idempotent per order. */
  router.post('/payments', async (req, res) => {
    const payment = await payments.accept(parseOrThrow(PaymentRequestSchema, req.body));
    res.status(202).json({ paymentId: payment.paymentId, status: payment.status });
  });

  /** Called by the saga when it stops waiting: nothing may be charged after this. */
  router.post('/payments/:orderId/void', async (req, res) => {
    res.json(await payments.void(req.params.orderId));
  });

  return router;
}

/** On the public port, for operators: what happened to an order's payment. */
export function paymentRecordsRoutes(payments: PaymentsService, operator: OperatorGuard): Router {
  const router = Router();

  router.get('/payments/:orderId', operator, async (req, res) => {
    const payment = await payments.get(req.params.orderId);
    if (!payment) throw AppError.notFound('payment for order', req.params.orderId);
    res.json(payment);
  });

  return router;
}
