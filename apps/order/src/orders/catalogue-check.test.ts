import { describe, expect, it } from '@jest/globals';
import type { DaprSidecar } from '@ticket-saga/service-kit';
import { CatalogueCheck } from './catalogue-check.js';
import { request } from './testing/fakes.js';

const itemId = request.items[0]!.id;
const inventoryAnswering = (available: number) =>
  ({ invoke: async () => ({ status: 200, body: { unavailable: [], available: { [itemId]: available } } }) }) as unknown as DaprSidecar;

describe('the door', () => {
  it('names the items with too few tickets for the order', async () => {
    expect(await new CatalogueCheck(inventoryAnswering(1)).shortages({ ...request, items: [{ ...request.items[0]!, quantity: 2 }] })).toEqual([
      { itemId, requested: 2, available: 1 },
    ]);
    expect(await new CatalogueCheck(inventoryAnswering(2)).shortages({ ...request, items: [{ ...request.items[0]!, quantity: 2 }] })).toEqual([]);
  });

  it('remembers an item seen sold out for a second, then asks again', async () => {
    const clock = { now: 0 };
    const door = new CatalogueCheck(inventoryAnswering(0), () => clock.now);
    expect(door.knownSoldOut(request)).toBeUndefined();

    await door.shortages(request);
    clock.now += 999;

    expect(door.knownSoldOut(request)).toEqual([{ itemId, requested: 1, available: 0 }]);
    clock.now += 1;
    expect(door.knownSoldOut(request)).toBeUndefined();
  });
});
