import type { Order, OrderOutcome, OrderPlaced, OrderProgress, PlaceOrderRequest } from '@ticket-saga/contracts';
import { createLogger, EtagMismatchError, type StateEntry } from '@ticket-saga/service-kit';
import { Admission, startedIn } from '../admission.js';
import type { DoorShortage } from '../catalogue-check.js';
import { CustomerLimit, type Allowance } from '../customer-limit.js';
import { countsAgainstLimit } from '../order.js';
import { OrdersService, type Catalogue, type Refusal } from '../orders.service.js';

// Fakes for the order service's unit tests: in-memory adapters that behave like the real ones
// (ETags refused when stale), and the box office's real rules over them.

export const request: PlaceOrderRequest = {
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: '3852cb18-9c19-4326-ac77-a1a0264bd98c', name: 'day-one', amount: 200, quantity: 1 }],
};
export const completed: Extract<OrderOutcome, { status: 'COMPLETED' }> = {
  status: 'COMPLETED',
  tickets: [{ code: 'TKT-1', itemId: request.items[0]!.id }],
  paymentId: 'pay_1',
};

/** An in-memory state store with ETags, like the Dapr one: a stale write is refused. */
export function fakeRepository() {
  const rows = new Map<string, StateEntry<Order>>();
  const progress = new Map<string, StateEntry<OrderProgress>>();
  const allowances = new Map<string, StateEntry<Allowance>>();
  let version = 0;
  const store = {
    updates: 0,
    async create(order: Order) {
      if (rows.has(order.id)) return false;
      rows.set(order.id, { value: order, etag: String(++version) });
      return true;
    },
    async get(id: string) {
      return rows.get(id);
    },
    async update(order: Order, etag: string | undefined) {
      if (etag !== rows.get(order.id)?.etag) throw new EtagMismatchError(`etag mismatch for ${order.id}`);
      rows.set(order.id, { value: order, etag: String(++version) });
      store.updates++;
    },
    async getProgress(id: string) {
      return progress.get(id);
    },
    async saveProgress(id: string, value: OrderProgress, etag: string | undefined) {
      if (etag !== progress.get(id)?.etag) throw new EtagMismatchError(`etag mismatch for progress of ${id}`);
      progress.set(id, { value, etag: String(++version) });
    },
    async getAllowance(customerId: string) {
      return structuredClone(allowances.get(customerId));
    },
    async saveAllowance(customerId: string, value: Allowance, etag: string | undefined) {
      if (etag !== allowances.get(customerId)?.etag) throw new EtagMismatchError(`etag mismatch for allowance of ${customerId}`);
      allowances.set(customerId, { value: structuredClone(value), etag: String(++version) });
    },
  };
  return store;
}

/** The handoff: what was secured (jobs) and published, in order; either can be made to fail. */
export function fakeHandoff() {
  const handoff = {
    calls: [] as string[],
    events: [] as OrderPlaced[],
    secureFails: false,
    async secure(orderId: string) {
      if (handoff.secureFails) throw new Error('scheduler unreachable');
      handoff.calls.push(`secure ${orderId}`);
    },
    async release(orderId: string) {
      handoff.calls.push(`release ${orderId}`);
    },
    async publish(event: OrderPlaced) {
      handoff.calls.push(`publish ${event.orderId}`);
      handoff.events.push(event);
      return true;
    },
  };
  return handoff;
}

/** The door's view of the catalogue: every item on sale, with the shortages a test sets. */
export function fakeCatalogue(): Catalogue & { checked: PlaceOrderRequest[]; short: DoorShortage[] } {
  const catalogue = {
    checked: [] as PlaceOrderRequest[],
    short: [] as DoorShortage[],
    async shortages(r: PlaceOrderRequest) {
      catalogue.checked.push(r);
      return catalogue.short;
    },
    knownSoldOut: () => undefined,
  };
  return catalogue;
}

/** The service over fakes, with the real limit (`maxTickets`) and admission (`maxWaitMs`) on a clock the test moves. */
export function setup({ maxTickets = 4, maxWaitMs = 10_000 } = {}) {
  const orders = fakeRepository();
  const handoff = fakeHandoff();
  const catalogue = fakeCatalogue();
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const admission = new Admission(maxWaitMs, startedIn(orders), () => clock.now);
  const refusals: Refusal[] = [];
  const limit = new CustomerLimit(orders, maxTickets, async (id) => countsAgainstLimit((await orders.get(id))?.value));
  const service = new OrdersService(orders, {
    handoff,
    sagaLog: { timeline: async () => undefined },
    catalogue,
    limit,
    admission,
    refused: (why) => void refusals.push(why),
    logger: createLogger('order', 'silent'),
  });
  return { service, orders, handoff, catalogue, clock, refusals };
}
