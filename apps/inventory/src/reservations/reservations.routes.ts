import { ReserveRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { Shortage } from '../items/stock.js';
import type { ReservationService } from './reservations.service.js';

export function reservationsRoutes(reservations: ReservationService): Router {
  const router = Router();

  router.post('/reservations', async (req, res) => {
    const outcome = await reservations.reserve(parseOrThrow(ReserveRequestSchema, req.body));
    if ('shortage' in outcome) {
      const { kind, ...details } = outcome.shortage;
      throw AppError.conflict(kind, describeShortage(outcome.shortage), details);
    }
    res.status(outcome.created ? 201 : 200).json(outcome.reservation);
  });

  router.get('/reservations/:id', async (req, res) => {
    res.json(await reservations.get(req.params.id));
  });

  router.post('/reservations/:id/confirm', async (req, res) => {
    res.json(await reservations.confirm(req.params.id));
  });

  router.post('/reservations/:id/release', async (req, res) => {
    res.json(await reservations.release(req.params.id));
  });

  return router;
}

function describeShortage(shortage: Shortage): string {
  return shortage.kind === 'UNKNOWN_ITEM'
    ? `item ${shortage.itemId} is not on sale`
    : `item ${shortage.itemId}: ${shortage.requested} requested, ${shortage.available} available`;
}
