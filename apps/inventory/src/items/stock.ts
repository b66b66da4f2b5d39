import type { Item, ReservationLine } from '@ticket-saga/contracts';

/** Why a reservation cannot be made, in business terms. */
export type Shortage =
  | { kind: 'UNKNOWN_ITEM'; itemId: string }
  | { kind: 'WITHDRAWN'; itemId: string }
  | { kind: 'OUT_OF_STOCK'; itemId: string; requested: number; available: number };

/** Sums quantities per item so that an order listing one item twice is judged on its total. */
export function demandByItem(lines: ReservationLine[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const { itemId, quantity } of lines) demand.set(itemId, (demand.get(itemId) ?? 0) + quantity);
  return demand;
}

/** All or nothing: either every item has enough tickets, or nothing moves. */
export function reserveStock(items: Map<string, Item>, lines: ReservationLine[]): Shortage | Item[] {
  const updated: Item[] = [];
  for (const [itemId, quantity] of demandByItem(lines)) {
    const item = items.get(itemId);
    if (!item) return { kind: 'UNKNOWN_ITEM', itemId };
    if (!item.onSale) return { kind: 'WITHDRAWN', itemId };
    if (item.available < quantity) {
      return { kind: 'OUT_OF_STOCK', itemId, requested: quantity, available: item.available };
    }
    updated.push({ ...item, available: item.available - quantity, reserved: item.reserved + quantity });
  }
  return updated;
}

/** Reserved tickets become sold. */
export function confirmStock(items: Map<string, Item>, lines: ReservationLine[]): Item[] {
  return moveReserved(items, lines, (item, quantity) => ({ ...item, sold: item.sold + quantity }));
}

/** Reserved tickets go back on sale: the compensation of reserveStock. */
export function releaseStock(items: Map<string, Item>, lines: ReservationLine[]): Item[] {
  return moveReserved(items, lines, (item, quantity) => ({ ...item, available: item.available + quantity }));
}

function moveReserved(items: Map<string, Item>, lines: ReservationLine[], credit: (item: Item, quantity: number) => Item): Item[] {
  return [...demandByItem(lines)].map(([itemId, quantity]) => {
    const item = items.get(itemId);
    if (!item) throw new Error(`reserved item ${itemId} has disappeared from the catalogue`);
    if (item.reserved < quantity) throw new Error(`item ${itemId} holds ${item.reserved} reserved, cannot move ${quantity}`);
    return credit({ ...item, reserved: item.reserved - quantity }, quantity);
  });
}
