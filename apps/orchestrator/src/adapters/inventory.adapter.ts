import { AppIds, ReservationStatusSchema, TicketSchema, type ReservationLine, type ReservationStatus, type Ticket } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import { z } from 'zod';
import type { InventoryPort } from '../saga/ports.js';
import type { ConfirmationResult, ReservationResult } from '../saga/saga-types.js';
import { successBody } from './technical-error.js';

const reasonOf = (body: unknown, fallback: string) => (body as { message?: string } | undefined)?.message ?? fallback;
const errorOf = (body: unknown) => (body as { error?: string } | undefined)?.error;

/** What the saga reads in a reservation the inventory answers with; the rest is the inventory's business. */
const AnyReservationSchema = z.object({ reservationId: z.string(), status: ReservationStatusSchema });
const reservationIn = (...statuses: [ReservationStatus, ...ReservationStatus[]]) =>
  AnyReservationSchema.extend({ status: ReservationStatusSchema.extract(statuses) });
const ConfirmedSchema = reservationIn('CONFIRMED');
// A hold that ran out on its own is as good as released: its tickets are back on sale.
const BackOnSaleSchema = reservationIn('RELEASED', 'EXPIRED');

/** The inventory service through Dapr service invocation. Business answers are values; anything else throws. */
export class InventoryAdapter implements InventoryPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async reserve(reservationId: string, lines: ReservationLine[]): Promise<ReservationResult> {
    const result = await this.dapr.invoke(AppIds.inventory, 'reservations', {
      method: 'POST',
      body: { reservationId, lines },
    });
    if (result.status === 409) return { reserved: false, reason: reasonOf(result.body, 'out of stock') };
    const reservation = successBody('reserve tickets', result, [200, 201], AnyReservationSchema);
    if (reservation.status === 'RESERVED' || reservation.status === 'CONFIRMED') return { reserved: true };
    return { reserved: false, reason: `reservation is ${reservation.status}` };
  }

  async confirm(reservationId: string): Promise<ConfirmationResult> {
    const result = await this.call(reservationId, 'confirm');
    if (result.status === 409 && errorOf(result.body) === 'RESERVATION_EXPIRED') {
      return { confirmed: false, reason: 'the tickets were held too long and went back on sale' };
    }
    successBody('confirm reservation', result, [200], ConfirmedSchema);
    return { confirmed: true };
  }

  async release(reservationId: string): Promise<void> {
    successBody('release reservation', await this.call(reservationId, 'release'), [200], BackOnSaleSchema);
  }

  async issueTickets(reservationId: string): Promise<Ticket[]> {
    return successBody('issue tickets', await this.call(reservationId, 'tickets'), [200], z.array(TicketSchema).min(1));
  }

  private call(reservationId: string, action: string) {
    return this.dapr.invoke(AppIds.inventory, `reservations/${encodeURIComponent(reservationId)}/${action}`, { method: 'POST' });
  }
}
