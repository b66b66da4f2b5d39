import { Components, type Order, type OrderProgress } from '@ticket-saga/contracts';
import { EtagMismatchError, type DaprSidecar, type StateEntry } from '@ticket-saga/service-kit';
import type { Allowance, AllowanceStore } from './customer-limit.js';

const STORE = Components.orderStore;
const progressKey = (id: string) => `progress:${id}`;
const allowanceKey = (customerId: string) => `allowance:${customerId}`;

/**
 * Orders in the order service's Dapr state store, and, under a key of their own, where each
 * order's saga is (written by the orchestrator): reading both is local, never the workflow engine.
 * Each customer's allowance (the tickets their orders count against the limit) sits beside them.
 */
export class OrdersRepository implements AllowanceStore {
  constructor(private readonly dapr: DaprSidecar) {}

  /** Stores a new order; false when another request (perhaps on another replica) stored one under its id first. */
  async create(order: Order): Promise<boolean> {
    try {
      await this.dapr.saveState(STORE, [{ key: order.id, value: order, ifAbsent: true }]);
      return true;
    } catch (err) {
      if (err instanceof EtagMismatchError) return false;
      throw err;
    }
  }

  get(id: string): Promise<StateEntry<Order> | undefined> {
    return this.dapr.getState<Order>(STORE, id);
  }

  async update(order: Order, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: order.id, value: order, etag }]);
  }

  getProgress(id: string): Promise<StateEntry<OrderProgress> | undefined> {
    return this.dapr.getState<OrderProgress>(STORE, progressKey(id));
  }

  async saveProgress(id: string, progress: OrderProgress, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: progressKey(id), value: progress, etag, ifAbsent: etag === undefined }]);
  }

  getAllowance(customerId: string): Promise<StateEntry<Allowance> | undefined> {
    return this.dapr.getState<Allowance>(STORE, allowanceKey(customerId));
  }

  async saveAllowance(customerId: string, allowance: Allowance, etag: string | undefined): Promise<void> {
    await this.dapr.saveState(STORE, [{ key: allowanceKey(customerId), value: allowance, etag, ifAbsent: etag === undefined }]);
  }
}
