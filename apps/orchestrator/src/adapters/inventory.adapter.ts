import { AppIds, type ReservationLine } from '@ticket-saga/contracts';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import type { InventoryPort } from '../saga/ports.js';
import type { ReservationResult } from '../saga/saga-types.js';
import { unexpected } from './technical-error.js';

/** The inventory service through Dapr service invocation. */
export class InventoryAdapter implements InventoryPort {
  constructor(private readonly dapr: DaprSidecar) {}

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
    if (status === 409) return { reserved: false, reason: (body as { message?: string }).message ?? 'out of stock' };
    throw unexpected('reserve tickets', status, body);
  }

  confirm(reservationId: string): Promise<void> {
    return this.transition(reservationId, 'confirm');
  }

  release(reservationId: string): Promise<void> {
    return this.transition(reservationId, 'release');
  }

  private async transition(reservationId: string, action: 'confirm' | 'release'): Promise<void> {
    const { status, body } = await this.dapr.invoke(
      AppIds.inventory,
      `reservations/${encodeURIComponent(reservationId)}/${action}`,
      { method: 'POST' },
    );
    if (status !== 200) throw unexpected(`${action} reservation`, status, body);
  }
}
