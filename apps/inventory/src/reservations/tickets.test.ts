import { describe, expect, it } from '@jest/globals';
import { ticketsFor } from './tickets.js';

const reservation = {
  reservationId: 'order-1',
  lines: [
    { itemId: '3852cb18-9c19-4326-ac77-a1a0264bd98c', quantity: 2 },
    { itemId: '6f1c2b8e-4d3a-4e5f-9a7b-1c2d3e4f5a6b', quantity: 1 },
  ],
};

describe('tickets', () => {
  it('issues one distinct ticket per seat, for the right item', () => {
    const tickets = ticketsFor(reservation);
    expect(tickets.map((t) => t.itemId)).toEqual([reservation.lines[0]!.itemId, reservation.lines[0]!.itemId, reservation.lines[1]!.itemId]);
    expect(new Set(tickets.map((t) => t.code)).size).toBe(3);
    expect(tickets[0]!.code).toMatch(/^TKT-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
  });

  it('issues the same tickets when asked again, and other tickets for another reservation', () => {
    expect(ticketsFor(reservation)).toEqual(ticketsFor(reservation));
    expect(ticketsFor({ ...reservation, reservationId: 'order-2' })[0]!.code).not.toBe(ticketsFor(reservation)[0]!.code);
  });
});
