import { AppError } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { SagaService } from './saga.service.js';

export function sagasRoutes(sagas: SagaService): Router {
  const router = Router();

  router.get('/sagas/:orderId', async (req, res) => {
    const view = await sagas.view(req.params.orderId);
    if (!view) throw AppError.notFound('saga', req.params.orderId);
    res.json(view);
  });

  return router;
}
