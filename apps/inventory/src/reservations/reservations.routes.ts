import { ProductCheckRequestSchema, ReserveRequestSchema } from '@ticket-saga/contracts';
import { AppError, parseOrThrow, type Logger } from '@ticket-saga/service-kit';
import { Router } from 'express';
import type { Shortage } from '../items/stock.js';
import { reservationIdOfJob, type ReservationExpiry } from './reservation-expiry.js';
import type { ReservationService } from './reservations.service.js';

/**
 * The saga's operations on the stock, mounted on the internal port alone (Dapr's app-port).
 * Reservation ids are order ids in the saga, hence `orderId` in the logs.
 */
export function reservationsRoutes(reservations: ReservationService, expiry: ReservationExpiry, logger: Logger): Router {
  const router = Router();

  router.post('/reservations', async (req, res) => {
    const request = parseOrThrow(ReserveRequestSchema, req.body);
    const outcome = await reservations.reserve(request);
    if ('shortage' in outcome) {
      const { kind, ...details } = outcome.shortage;
      logger.info({ orderId: request.reservationId, shortage: outcome.shortage }, 'reservation refused');
      throw AppError.conflict(kind, describeShortage(outcome.shortage), details);
    }
    const { reservation, created } = outcome;
    if (created) await expiry.schedule(reservation.reservationId, reservation.expiresAt);
    logger.info({ orderId: reservation.reservationId, status: reservation.status, created }, 'tickets reserved');
    res.status(created ? 201 : 200).json(reservation);
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

  /** The tickets of a confirmed reservation: the same codes however often they are asked for. */
  router.post('/reservations/:id/tickets', async (req, res) => {
    const tickets = await reservations.tickets(req.params.id);
    logger.info({ orderId: req.params.id, tickets: tickets.length }, 'tickets issued');
    res.json(tickets);
  });

  router.post('/items/check', async (req, res) => {
    res.json(await reservations.checkProducts(parseOrThrow(ProductCheckRequestSchema, req.body).itemIds));
  });

  /** Dapr job callback: a reservation's hold has run out. */
  router.post('/job/:name', async (req, res) => {
    const reservationId = reservationIdOfJob(req.params.name);
    if (!reservationId) throw AppError.notFound('job', req.params.name);
    const reservation = await reservations.expire(reservationId);
    if (reservation?.status === 'EXPIRED') logger.info({ orderId: reservationId }, 'reservation expired, tickets back on sale');
    res.status(200).end();
  });

  return router;
}

function describeShortage(shortage: Shortage): string {
  switch (shortage.kind) {
    case 'UNKNOWN_ITEM':
      return `item ${shortage.itemId} does not exist`;
    case 'WITHDRAWN':
      return `item ${shortage.itemId} is withdrawn from sale`;
    case 'OUT_OF_STOCK':
      return `item ${shortage.itemId}: ${shortage.requested} requested, ${shortage.available} available`;
  }
}
