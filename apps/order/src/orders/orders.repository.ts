import { Components, type Order, type OrderPlaced } from '@ticket-saga/contracts';
import type { DaprSidecar, StateEntry } from '@ticket-saga/service-kit';

const STORE = Components.orderStore;

/** Orders in the order service's Dapr state store, whose outbox publishes OrderPlaced. */
export class OrdersRepository {
  constructor(private readonly dapr: DaprSidecar) {}

  /**
   * Stores the order and, in the same transaction, hands OrderPlaced to the store's outbox
   * (a projection: the event, not the stored document, is what gets published).
   */
  async insert(order: Order, event: OrderPlaced): Promise<void> {
    await this.dapr.transact(STORE, [
      { operation: 'upsert', request: { key: order.id, value: order } },
      {
        operation: 'upsert',
        request: { key: order.id, value: event, metadata: { 'outbox.projection': 'true', contentType: 'application/json' } },
      },
    ]);
  }

  get(id: string): Promise<StateEntry<Order> | undefined> {
    return this.dapr.getState<Order>(STORE, id);
  }

  async update(order: Order, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: order.id, value: order, etag }]);
  }
}
