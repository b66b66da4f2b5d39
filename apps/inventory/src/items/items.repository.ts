import { Components, ItemSchema, type Item, type Reservation } from '@ticket-saga/contracts';
import type { DaprSidecar, StateEntry, StateOperation } from '@ticket-saga/service-kit';

const STORE = Components.inventoryStore;
const CATALOGUE_KEY = 'catalogue';
const itemKey = (id: string) => `item:${id}`;
const reservationKey = (id: string) => `reservation:${id}`;

export interface VersionedItems {
  items: Map<string, Item>;
  etags: Map<string, string | undefined>;
}

/** Items, the catalogue index and reservations, all in the inventory's Dapr state store. */
export class InventoryRepository {
  constructor(private readonly dapr: DaprSidecar) {}

  /** Parsed on the way out, so that items stored before a field existed get its default. */
  async getItem(id: string): Promise<StateEntry<Item> | undefined> {
    const entry = await this.dapr.getState<unknown>(STORE, itemKey(id));
    return entry && { value: ItemSchema.parse(entry.value), etag: entry.etag };
  }

  async getItems(ids: Iterable<string>): Promise<VersionedItems> {
    const entries = await Promise.all([...ids].map(async (id) => [id, await this.getItem(id)] as const));
    const items = new Map<string, Item>();
    const etags = new Map<string, string | undefined>();
    for (const [id, entry] of entries) {
      if (!entry) continue;
      items.set(id, entry.value);
      etags.set(id, entry.etag);
    }
    return { items, etags };
  }

  async listItems(): Promise<Item[]> {
    const ids = (await this.dapr.getState<string[]>(STORE, CATALOGUE_KEY))?.value ?? [];
    const { items } = await this.getItems(ids);
    return ids.flatMap((id) => items.get(id) ?? []);
  }

  /** Creates or replaces an item, adding it to the catalogue index in the same transaction. */
  async putItem(item: Item, etag: string | undefined): Promise<void> {
    const catalogue = await this.dapr.getState<string[]>(STORE, CATALOGUE_KEY);
    const ids = catalogue?.value ?? [];
    const operations: StateOperation[] = [{ operation: 'upsert', request: { key: itemKey(item.id), value: item, etag } }];
    if (!ids.includes(item.id)) {
      operations.push({
        operation: 'upsert',
        request: { key: CATALOGUE_KEY, value: [...ids, item.id], etag: catalogue?.etag },
      });
    }
    await this.dapr.transact(STORE, operations);
  }

  getReservation(id: string): Promise<StateEntry<Reservation> | undefined> {
    return this.dapr.getState<Reservation>(STORE, reservationKey(id));
  }

  /** Stock counters and the reservation move together or not at all; stale ETags abort it. */
  async commit(items: Item[], etags: Map<string, string | undefined>, reservation: Reservation, reservationEtag: string | undefined): Promise<void> {
    const operations: StateOperation[] = items.map((item) => ({
      operation: 'upsert',
      request: { key: itemKey(item.id), value: item, etag: etags.get(item.id) },
    }));
    operations.push({
      operation: 'upsert',
      request: { key: reservationKey(reservation.reservationId), value: reservation, etag: reservationEtag },
    });
    await this.dapr.transact(STORE, operations);
  }
}
