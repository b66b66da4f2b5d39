import { ReserveRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, type Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { Shortage } from '../items/stock.js';
import type { ReservationService } from './reservations.service.js';

/** Reservation ids are order ids in the saga, hence `orderId` in the logs. */
export function reservationsRoutes(reservations: ReservationService, logger: Logger): Router {
  const router = Router();

  router.post('/reservations', async (req, res) => {
    const request = parseOrThrow(ReserveRequestSchema, req.body);
    const outcome = await reservations.reserve(request);
    if ('shortage' in outcome) {
      const { kind, ...details } = outcome.shortage;
      logger.info({ orderId: request.reservationId, shortage: outcome.shortage }, 'reservation refused');
      throw AppError.conflict(kind, describeShortage(outcome.shortage), details);
    }
    logger.info({ orderId: outcome.reservation.reservationId, status: outcome.reservation.status, created: outcome.created }, 'tickets reserved');
    res.status(outcome.created ? 201 : 200).json(outcome.reservation);
  });

  router.get('/reservations/:id', async (req, res) => {
    res.json(await reservations.get(req.params.id));
  });

  router.post('/reservations/:id/confirm', async (req, res) => {
    const reservation = await reservations.confirm(req.params.id);
    logger.info({ orderId: req.params.id, status: reservation.status }, 'reservation confirmed');
    res.json(reservation);
  });

  router.post('/reservations/:id/release', async (req, res) => {
    const reservation = await reservations.release(req.params.id);
    logger.info({ orderId: req.params.id, status: reservation.status }, 'reservation released');
    res.json(reservation);
  });

  return router;
}

function describeShortage(shortage: Shortage): string {
  return shortage.kind === 'UNKNOWN_ITEM'
    ? `item ${shortage.itemId} is not on sale`
    : `item ${shortage.itemId}: ${shortage.requested} requested, ${shortage.available} available`;
}
