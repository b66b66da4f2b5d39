import { AppError } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { SagaSettings } from '../saga/saga-types.js';
import type { SagaLog } from '../monitor/saga-log.js';
import type { SagaService } from './saga.service.js';

export function sagasRoutes(sagas: SagaService, settings: SagaSettings): Router {
  const router = Router();

  /** The settings new sagas start with (timeouts, retries): what clients and tests can expect. */
  router.get('/sagas/settings', (_req, res) => {
    res.json(settings);
  });

  router.get('/sagas/:orderId', async (req, res) => {
    const view = await sagas.view(req.params.orderId);
    if (!view) throw AppError.notFound('saga', req.params.orderId);
    res.json(view);
  });

  return router;
}

/** The saga log, on both ports: the public one for people, the internal one for the order service (through Dapr). */
export function sagaLogRoutes(sagaLog: SagaLog): Router {
  const router = Router();

  /** Every command sent and event received, in order. */
  router.get('/sagas/:orderId/timeline', async (req, res) => {
    const entries = await sagaLog.read(req.params.orderId);
    if (!entries) throw AppError.notFound('saga log', req.params.orderId);
    res.json(entries);
  });

  return router;
}
