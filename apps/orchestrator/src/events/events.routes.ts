import { OrderPlacedSchema, PaymentProcessedSchema } from '@ticket-saga/contracts';
import type { Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { SagaService } from '../sagas/saga.service.js';
import { DROP, readEventData, SUCCESS } from './cloud-event.js';

/** The routes of the declarative subscriptions in components/subscription-*.yaml. */
export function eventsRoutes(sagas: SagaService, logger: Logger): Router {
  const router = Router();

  router.post('/events/order-placed', async (req, res) => {
    const event = readEventData(req, OrderPlacedSchema, logger);
    if (!event) return void res.json(DROP);
    const { orderId, customerId, amount, items } = event;
    const outcome = await sagas.start({ orderId, customerId, amount, items });
    logger.info({ orderId, outcome }, 'order placed');
    res.json(SUCCESS);
  });

  router.post('/events/payment-processed', async (req, res) => {
    const event = readEventData(req, PaymentProcessedSchema, logger);
    if (!event) return void res.json(DROP);
    const { orderId, paymentId, outcome, reason } = event;
    const delivery = await sagas.deliverPaymentResult(orderId, { paymentId, outcome, ...(reason && { reason }) });
    if (delivery !== 'delivered') logger.warn({ orderId, paymentId, delivery }, 'payment result dropped');
    res.json(SUCCESS);
  });

  return router;
}
