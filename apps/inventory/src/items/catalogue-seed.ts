import type { Item } from '@ticket-saga/contracts';
import type { InventoryRepository } from './items.repository.js';

/** The concerts on sale out of the box; "day-one" is the item of the original brief. */
export const SEED_CATALOGUE: ReadonlyArray<Pick<Item, 'id' | 'name' | 'price' | 'available'>> = [
  { id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', price: 200, available: 1000 },
  { id: '6f1c2b8e-4d3a-4e5f-9a7b-1c2d3e4f5a6b', name: 'day-two', price: 180, available: 500 },
  { id: '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', name: 'backstage-pass', price: 950, available: 20 },
  { id: '1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d', name: 'sold-out-show', price: 120, available: 0 },
];

/** Creates the missing seed items and leaves existing ones (and their counters) untouched. */
export async function seedCatalogue(repository: InventoryRepository): Promise<number> {
  let created = 0;
  for (const seed of SEED_CATALOGUE) {
    if (await repository.getItem(seed.id)) continue;
    await repository.putItem({ ...seed, reserved: 0, sold: 0, onSale: true }, undefined);
    created++;
  }
  return created;
}
