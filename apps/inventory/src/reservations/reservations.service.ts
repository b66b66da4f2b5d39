import type { Item, ProductCheckResult, Reservation, ReservationStatus, ReserveRequest, Ticket } from '@ticket-saga/contracts';
import { AppError, KeyedMutex, retryOnEtagMismatch } from '@ticket-saga/service-kit';
import type { InventoryRepository } from '../items/items.repository.js';
import { confirmStock, releaseStock, reserveStock, type Shortage } from '../items/stock.js';
import { ticketsFor } from './tickets.js';

export type ReserveOutcome = { reservation: Reservation; created: boolean } | { shortage: Shortage };

type StockMove = (items: Map<string, Item>, lines: Reservation['lines']) => Item[];

/**
 * Reservations are keyed by the caller's id, so a retried request finds the first one instead of
 * holding tickets twice; every transition is idempotent for the same reason.
 */
export class ReservationService {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly repository: InventoryRepository,
    private readonly holdSeconds: number,
  ) {}

  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const itemIds = request.lines.map((line) => line.itemId);
    return this.mutex.runExclusive(itemIds, () =>
      retryOnEtagMismatch(async () => {
        const existing = await this.repository.getReservation(request.reservationId);
        if (existing) return { reservation: existing.value, created: false };

        const { items, etags } = await this.repository.getItems(itemIds);
        const reserved = reserveStock(items, request.lines);
        if (!Array.isArray(reserved)) return { shortage: reserved };

        const now = new Date();
        const { holdSeconds = this.holdSeconds, ...fields } = request;
        const reservation: Reservation = {
          ...fields,
          status: 'RESERVED',
          expiresAt: new Date(now.getTime() + holdSeconds * 1000).toISOString(),
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        };
        await this.repository.commit(reserved, etags, reservation, undefined);
        return { reservation, created: true };
      }),
    );
  }

  /** Held tickets become sold; a hold that has run out is released instead, and said so. */
  async confirm(reservationId: string): Promise<Reservation> {
    const current = await this.get(reservationId);
    if (current.status === 'RESERVED' && isPast(current.expiresAt)) {
      await this.transition(reservationId, 'EXPIRED', releaseStock);
    }
    const reservation = await this.transition(reservationId, 'CONFIRMED', confirmStock);
    return reservation;
  }

  /** The compensation of reserve; releasing a hold that expired on its own changes nothing. */
  release(reservationId: string): Promise<Reservation> {
    return this.transition(reservationId, 'RELEASED', releaseStock);
  }

  /** Releases a hold whose time is up; other reservations are left as they are. */
  async expire(reservationId: string): Promise<Reservation | undefined> {
    const entry = await this.repository.getReservation(reservationId);
    if (!entry || entry.value.status !== 'RESERVED' || !isPast(entry.value.expiresAt)) return entry?.value;
    return this.transition(reservationId, 'EXPIRED', releaseStock);
  }

  async tickets(reservationId: string): Promise<Ticket[]> {
    const reservation = await this.get(reservationId);
    if (reservation.status !== 'CONFIRMED') {
      throw AppError.conflict('NOT_CONFIRMED', `reservation ${reservationId} is ${reservation.status}: no tickets`);
    }
    return ticketsFor(reservation);
  }

  async checkProducts(itemIds: string[]): Promise<ProductCheckResult> {
    const { items } = await this.repository.getItems(new Set(itemIds));
    const unavailable = [...new Set(itemIds)].flatMap((itemId): ProductCheckResult['unavailable'] => {
      const item = items.get(itemId);
      if (!item) return [{ itemId, reason: 'UNKNOWN_ITEM' }];
      return item.onSale ? [] : [{ itemId, reason: 'WITHDRAWN' }];
    });
    const available = Object.fromEntries([...items.values()].map((item) => [item.id, item.available]));
    return { unavailable, available };
  }

  async get(reservationId: string): Promise<Reservation> {
    const entry = await this.repository.getReservation(reservationId);
    if (!entry) throw AppError.notFound('reservation', reservationId);
    return entry.value;
  }

  private async transition(reservationId: string, target: ReservationStatus, moveStock: StockMove): Promise<Reservation> {
    const current = await this.repository.getReservation(reservationId);
    const itemIds = current?.value.lines.map((line) => line.itemId) ?? [];
    return this.mutex.runExclusive(itemIds, () =>
      retryOnEtagMismatch(async () => {
        const entry = await this.repository.getReservation(reservationId);
        if (!entry) return this.tombstone(reservationId, target);
        const reservation = entry.value;
        if (reservation.status === target) return reservation;
        if (reservation.status === 'EXPIRED' && target === 'RELEASED') return reservation;
        if (reservation.status !== 'RESERVED') throw invalidTransition(reservation, target);
        const { items, etags } = await this.repository.getItems(reservation.lines.map((l) => l.itemId));
        const updated = { ...reservation, status: target, updatedAt: new Date().toISOString() };
        await this.repository.commit(moveStock(items, reservation.lines), etags, updated, entry.etag);
        return updated;
      }),
    );
  }

  /**
   * Releasing a reservation that was never made records it as released, so that a reserve
   * request still in flight for the same id cannot hold tickets after its saga gave up.
   */
  private async tombstone(reservationId: string, target: ReservationStatus): Promise<Reservation> {
    if (target !== 'RELEASED') throw AppError.notFound('reservation', reservationId);
    const now = new Date().toISOString();
    const reservation: Reservation = { reservationId, lines: [], status: 'RELEASED', expiresAt: now, createdAt: now, updatedAt: now };
    await this.repository.commit([], new Map(), reservation, undefined);
    return reservation;
  }
}

function invalidTransition(reservation: Reservation, target: ReservationStatus): AppError {
  const code = reservation.status === 'EXPIRED' ? 'RESERVATION_EXPIRED' : 'INVALID_TRANSITION';
  return AppError.conflict(code, `reservation ${reservation.reservationId} is ${reservation.status}, cannot become ${target}`);
}

const isPast = (iso: string) => Date.parse(iso) <= Date.now();
