import type { Item, Reservation, ReservationStatus, ReserveRequest } from '@ticket-saga/contracts';
import { AppError, KeyedMutex, retryOnEtagMismatch } from '@ticket-saga/service-kit';
import type { InventoryRepository } from '../items/items.repository.js';
import { confirmStock, releaseStock, reserveStock, type Shortage } from '../items/stock.js';

export type ReserveOutcome = { reservation: Reservation; created: boolean } | { shortage: Shortage };

/**
 * Reservations are keyed by the caller's id, so a retried request finds the first one instead of
 * holding tickets twice; every transition is idempotent for the same reason.
 */
export class ReservationService {
  private readonly mutex = new KeyedMutex();

  constructor(private readonly repository: InventoryRepository) {}

  reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    const itemIds = request.lines.map((line) => line.itemId);
    return this.mutex.runExclusive(itemIds, () =>
      retryOnEtagMismatch(async () => {
        const existing = await this.repository.getReservation(request.reservationId);
        if (existing) return { reservation: existing.value, created: false };

        const { items, etags } = await this.repository.getItems(itemIds);
        const reserved = reserveStock(items, request.lines);
        if (!Array.isArray(reserved)) return { shortage: reserved };

        const now = new Date().toISOString();
        const reservation: Reservation = { ...request, status: 'RESERVED', createdAt: now, updatedAt: now };
        await this.repository.commit(reserved, etags, reservation, undefined);
        return { reservation, created: true };
      }),
    );
  }

  confirm(reservationId: string): Promise<Reservation> {
    return this.transition(reservationId, 'CONFIRMED', confirmStock);
  }

  release(reservationId: string): Promise<Reservation> {
    return this.transition(reservationId, 'RELEASED', releaseStock);
  }

  async get(reservationId: string): Promise<Reservation> {
    const entry = await this.repository.getReservation(reservationId);
    if (!entry) throw AppError.notFound('reservation', reservationId);
    return entry.value;
  }

  private async transition(
    reservationId: string,
    target: ReservationStatus,
    moveStock: (items: Map<string, Item>, lines: Reservation['lines']) => Item[],
  ): Promise<Reservation> {
    const current = await this.repository.getReservation(reservationId);
    const itemIds = current?.value.lines.map((line) => line.itemId) ?? [];
    return this.mutex.runExclusive(itemIds, () =>
      retryOnEtagMismatch(async () => {
        const entry = await this.repository.getReservation(reservationId);
        if (!entry) return this.tombstone(reservationId, target);
        const reservation = entry.value;
        if (reservation.status === target) return reservation;
        if (reservation.status !== 'RESERVED') {
          throw AppError.conflict(
            'INVALID_TRANSITION',
            `reservation ${reservationId} is ${reservation.status}, cannot become ${target}`,
          );
        }
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
    const reservation: Reservation = { reservationId, lines: [], status: 'RELEASED', createdAt: now, updatedAt: now };
    await this.repository.commit([], new Map(), reservation, undefined);
    return reservation;
  }
}
