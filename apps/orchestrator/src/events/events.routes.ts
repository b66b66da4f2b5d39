import { OrderPlacedSchema, PaymentProcessedSchema } from '@ticket-saga/contracts';
import { currentTraceparent, type Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { SagaSettings } from '../saga/saga-types.js';
import type { SagaMonitor } from '../monitor/saga-monitor.js';
import type { SagaService } from '../engine/saga.service.js';
import { DROP, readEventData, SUCCESS } from './cloud-event.js';

/**
 * The routes of the declarative subscriptions in components/subscription-*.yaml. Every message
 * may be malformed (dead-lettered), duplicated or late (recorded, changes nothing).
 */
export function eventsRoutes(sagas: SagaService, monitor: SagaMonitor, settings: SagaSettings, logger: Logger): Router {
  const router = Router();

  router.post('/events/order-placed', async (req, res) => {
    const receivedAt = new Date().toISOString();
    const event = readEventData(req, OrderPlacedSchema, logger);
    if (!event) return void res.json(DROP);
    const { orderId, customerId, amount, items, paymentToken } = event;
    const traceparent = event.traceparent ?? currentTraceparent();
    // A saga whose workflow was purged after it ended must not start again on a late duplicate.
    const outcome = (await monitor.hasEnded(orderId))
      ? 'already-ended'
      : await sagas.start({ orderId, customerId, amount, items, paymentToken, settings, ...(traceparent && { traceparent }) });
    await monitor.orderPlaced(orderId, receivedAt, outcome === 'started');
    logger.info({ orderId, outcome }, 'order placed');
    res.json(SUCCESS);
  });

  router.post('/events/payment-processed', async (req, res) => {
    const receivedAt = new Date().toISOString();
    const event = readEventData(req, PaymentProcessedSchema, logger);
    if (!event) return void res.json(DROP);
    const { orderId, paymentId, outcome, reason } = event;
    const delivery = await sagas.deliverPaymentResult(orderId, { paymentId, outcome, ...(reason && { reason }) });
    if (delivery === 'unknown-saga') {
      logger.warn({ orderId, paymentId }, 'payment result for an unknown order dropped');
      return void res.json(SUCCESS);
    }
    await monitor.paymentProcessed(orderId, receivedAt, delivery === 'delivered', outcome);
    if (delivery !== 'delivered') logger.warn({ orderId, paymentId, delivery }, 'late payment result dropped');
    res.json(SUCCESS);
  });

  return router;
}
