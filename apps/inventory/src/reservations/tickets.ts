import type { Reservation, Ticket } from '@ticket-saga/contracts';
import { createHash } from 'node:crypto';

/**
 * One ticket per reserved seat. Codes are derived from the reservation, so issuing twice gives
 * the same tickets: no state to keep, nothing to deduplicate.
 */
export function ticketsFor(reservation: Pick<Reservation, 'reservationId' | 'lines'>): Ticket[] {
  return reservation.lines.flatMap(({ itemId, quantity }, line) =>
    Array.from({ length: quantity }, (_, seat) => ({ itemId, code: ticketCode(reservation.reservationId, line, seat) })),
  );
}

function ticketCode(reservationId: string, line: number, seat: number): string {
  const digest = createHash('sha256').update(`${reservationId}/${line}/${seat}`).digest('hex').toUpperCase();
  return `TKT-${digest.slice(0, 4)}-${digest.slice(4, 8)}-${digest.slice(8, 12)}`;
}
