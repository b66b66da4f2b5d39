import type { Item } from '@ticket-saga/contracts';
import { describe, expect, it } from '@jest/globals';
import { confirmStock, releaseStock, reserveStock } from './stock.js';

const item = (id: string, available: number, reserved = 0, sold = 0): Item => ({ id, name: id, price: 10, available, reserved, sold, onSale: true });
const catalogue = (...items: Item[]) => new Map(items.map((i) => [i.id, i]));

describe('stock', () => {
  it('moves tickets from available to reserved for every line', () => {
    const updated = reserveStock(catalogue(item('a', 5), item('b', 2)), [
      { itemId: 'a', quantity: 2 },
      { itemId: 'b', quantity: 2 },
    ]);
    expect(updated).toEqual([item('a', 3, 2), item('b', 0, 2)]);
  });

  it('judges an item listed twice on its total, and reserves nothing when one item falls short', () => {
    const shortage = reserveStock(catalogue(item('a', 5), item('b', 3)), [
      { itemId: 'b', quantity: 1 },
      { itemId: 'a', quantity: 3 },
      { itemId: 'a', quantity: 3 },
    ]);
    expect(shortage).toEqual({ kind: 'OUT_OF_STOCK', itemId: 'a', requested: 6, available: 5 });
  });

  it('names an item that is not in the catalogue', () => {
    expect(reserveStock(catalogue(), [{ itemId: 'x', quantity: 1 }])).toEqual({ kind: 'UNKNOWN_ITEM', itemId: 'x' });
  });

  it('refuses an item withdrawn from sale, whatever its stock', () => {
    expect(reserveStock(catalogue({ ...item('a', 5), onSale: false }), [{ itemId: 'a', quantity: 1 }])).toEqual({ kind: 'WITHDRAWN', itemId: 'a' });
  });

  it('sells reserved tickets on confirm and puts them back on sale on release', () => {
    const reserved = catalogue(item('a', 3, 2));
    expect(confirmStock(reserved, [{ itemId: 'a', quantity: 2 }])).toEqual([item('a', 3, 0, 2)]);
    expect(releaseStock(reserved, [{ itemId: 'a', quantity: 2 }])).toEqual([item('a', 5, 0, 0)]);
  });

  it('refuses to move more tickets than are reserved', () => {
    expect(() => releaseStock(catalogue(item('a', 3, 1)), [{ itemId: 'a', quantity: 2 }])).toThrow(/holds 1 reserved/);
  });
});
