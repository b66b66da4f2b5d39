import { AppIds, ProductCheckResultSchema, TicketSchema, type ReservationLine, type Ticket } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import { z } from 'zod';
import type { InventoryPort } from '../saga/ports.js';
import type { ConfirmationResult, ProductCheck, ReservationResult } from '../saga/saga-types.js';
import { unexpected } from './technical-error.js';

const reasonOf = (body: unknown, fallback: string) => (body as { message?: string } | undefined)?.message ?? fallback;
const errorOf = (body: unknown) => (body as { error?: string } | undefined)?.error;

/** The inventory service through Dapr service invocation. Business answers are values; anything else throws. */
export class InventoryAdapter implements InventoryPort {
  constructor(private readonly dapr: DaprSidecar) {}

  async checkProducts(itemIds: string[]): Promise<ProductCheck> {
    const { status, body } = await this.dapr.invoke(AppIds.inventory, 'items/check', { method: 'POST', body: { itemIds } });
    const result = ProductCheckResultSchema.safeParse(body);
    if (status !== 200 || !result.success) throw unexpected('check products', status, body);
    const [first, ...others] = result.data.unavailable;
    if (!first) return { available: true };
    const what = first.reason === 'WITHDRAWN' ? 'is withdrawn from sale' : 'does not exist';
    return { available: false, reason: `item ${first.itemId} ${what}${others.length ? ` (and ${others.length} more)` : ''}` };
  }

  async reserve(reservationId: string, lines: ReservationLine[]): Promise<ReservationResult> {
    const { status, body } = await this.dapr.invoke(AppIds.inventory, 'reservations', {
      method: 'POST',
      body: { reservationId, lines },
    });
    if (status === 200 || status === 201) {
      const reservation = body as { status: string };
      if (reservation.status === 'RESERVED' || reservation.status === 'CONFIRMED') return { reserved: true };
      return { reserved: false, reason: `reservation is ${reservation.status}` };
    }
    if (status === 409) return { reserved: false, reason: reasonOf(body, 'out of stock') };
    throw unexpected('reserve tickets', status, body);
  }

  async confirm(reservationId: string): Promise<ConfirmationResult> {
    const { status, body } = await this.call(reservationId, 'confirm');
    if (status === 200) return { confirmed: true };
    if (status === 409 && errorOf(body) === 'RESERVATION_EXPIRED') {
      return { confirmed: false, reason: 'the tickets were held too long and went back on sale' };
    }
    throw unexpected('confirm reservation', status, body);
  }

  async release(reservationId: string): Promise<void> {
    const { status, body } = await this.call(reservationId, 'release');
    if (status !== 200) throw unexpected('release reservation', status, body);
  }

  async issueTickets(reservationId: string): Promise<Ticket[]> {
    const { status, body } = await this.call(reservationId, 'tickets');
    const tickets = z.array(TicketSchema).safeParse(body);
    if (status !== 200 || !tickets.success) throw unexpected('issue tickets', status, body);
    return tickets.data;
  }

  private call(reservationId: string, action: string) {
    return this.dapr.invoke(AppIds.inventory, `reservations/${encodeURIComponent(reservationId)}/${action}`, { method: 'POST' });
  }
}
