import { PaymentRecordSchema, type Item, type OrderView, type PaymentRecord, type SagaLogEntry } from '@ticket-saga/contracts';
import { randomUUID } from 'node:crypto';
import { asOperator } from './callers.js';
import { replicaNames } from '../../../tools/stack/src/topology.js';
import { whileFrozen } from './stack.js';

export const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
export const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
export const PAYMENT_URL = process.env.PAYMENT_URL ?? 'http://localhost:8082';
export const ORCHESTRATOR_URL = process.env.ORCHESTRATOR_URL ?? 'http://localhost:8083';

export const DAY_ONE = '3852cb18-9c19-4326-ac77-a1a0264bd98c';

/**
 * The payload of the original brief, for a new customer unless one is given: a customer may
 * hold only so many tickets per concert (MAX_TICKETS_PER_CUSTOMER), and tests run again and again.
 */
export const briefOrder = (customerId: string = randomUUID()) => ({
  customerId,
  amount: 10.5,
  items: [{ id: DAY_ONE, name: 'day-one', amount: 200.0, quantity: 1 }],
});

/** An order for `quantity` tickets of one item, with a payment token that decides the flow. */
export const orderFor = (itemId: string, quantity = 1, token = 'tok_approve', customerId: string = randomUUID()) => ({
  customerId,
  amount: 20 * quantity,
  items: [{ id: itemId, name: 'test concert', amount: 20, quantity }],
  payment: { token },
});

export type { OrderView };
export type TimelineEntry = SagaLogEntry;

export interface SagaSettings {
  paymentTimeoutSeconds: number;
  stepRetry: { maxAttempts: number; firstDelaySeconds: number; maxDelaySeconds: number };
}

export async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from ${res.url} (${res.status}), got: ${text.slice(0, 200)}`);
  }
}

export function placeOrder(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${ORDER_URL}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Places an order that must be accepted, and returns its id. */
export async function acceptedOrder(body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const res = await placeOrderPatiently(body, headers);
  if (res.status !== 202) throw new Error(`POST /orders answered ${res.status}: ${await res.text()}`);
  return (await json<OrderView>(res)).id;
}

export async function getOrder(id: string): Promise<OrderView> {
  return json<OrderView>(await fetch(`${ORDER_URL}/orders/${id}`));
}

export async function getTimeline(id: string): Promise<TimelineEntry[]> {
  return json<TimelineEntry[]>(await fetch(`${ORDER_URL}/orders/${id}/timeline`));
}

export async function getItem(id: string): Promise<Item> {
  return json<Item>(await fetch(`${INVENTORY_URL}/items/${id}`));
}

/** A concert of its own for one test, so that its stock counts are the test's alone. */
export async function createItem(available: number, onSale = true): Promise<string> {
  const id = randomUUID();
  await putItem(id, available, onSale);
  return id;
}

export async function putItem(id: string, available: number, onSale = true): Promise<void> {
  const res = await fetch(`${INVENTORY_URL}/items/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...asOperator() },
    body: JSON.stringify({ name: `test concert ${id.slice(0, 8)}`, price: 20, available, onSale }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`PUT /items answered ${res.status}: ${await res.text()}`);
}

export async function getPayment(orderId: string): Promise<PaymentRecord | undefined> {
  const res = await fetch(`${PAYMENT_URL}/payments/${orderId}`, { headers: asOperator() });
  // Parsed against the contract: the orchestrator's adapter relies on it, and a record that grew a
  // field the contract lacks once made every void look like a failure.
  return res.status === 404 ? undefined : PaymentRecordSchema.parse(await json<unknown>(res));
}

export async function sagaSettings(): Promise<SagaSettings> {
  return json<SagaSettings>(await fetch(`${ORCHESTRATOR_URL}/sagas/settings`));
}

/** Polls until `done` holds, and returns the last value; fails with the last value at the deadline. */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not done after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Places an order as a buyer would: told 503 (the door's admission control, after an earlier test
 * left sagas waiting), it comes back after Retry-After, for up to a minute.
 */
export async function placeOrderPatiently(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await placeOrder(body, headers);
    const retryAfter = Number(res.headers.get('retry-after') ?? 1);
    if (res.status !== 503 || Date.now() + retryAfter * 1000 > deadline) return res;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
  }
}

/**
 * An order its saga rejects for lack of stock: accepted by the door while one ticket was left,
 * then the item sold out before the reservation (the door answers a sold-out item itself). The
 * orchestrator (every replica) is held still meanwhile: a saga that started at once would reserve
 * the ticket first.
 */
export async function orderTheSagaRejects(): Promise<string> {
  const itemId = await createItem(1);
  return whileFrozen(replicaNames('orchestrator'), async () => {
    const id = await acceptedOrder(orderFor(itemId, 1));
    await putItem(itemId, 0);
    return id;
  });
}

export const isFinal = (order: OrderView) => order.status !== 'PENDING';

/** Waits until the orchestrator (every replica) counts no saga running: counts then stand still. */
export const quietOrchestrator = () =>
  pollUntil(
    async () => json<{ counts: { running: number } }>(await fetch(`${ORCHESTRATOR_URL}/api/dashboard`)),
    (d) => d.counts.running === 0,
    60_000,
  );

export const finalOrder = (id: string, timeoutMs = 20_000) => pollUntil(() => getOrder(id), isFinal, timeoutMs);

/**
 * Waits for many orders to be final, reading the pending ones a few at a time: a test that polled
 * every order at once would load the order service more than the rush it is checking.
 */
export async function finalOrders(ids: string[], timeoutMs: number, concurrency = 8): Promise<OrderView[]> {
  const deadline = Date.now() + timeoutMs;
  const final = new Map<string, OrderView>();
  for (;;) {
    const pending = ids.filter((id) => !final.has(id));
    for (let i = 0; i < pending.length; i += concurrency) {
      const views = await Promise.all(pending.slice(i, i + concurrency).map(getOrder));
      for (const view of views.filter(isFinal)) final.set(view.id, view);
    }
    if (final.size === ids.length) return ids.map((id) => final.get(id)!);
    if (Date.now() > deadline) throw new Error(`${ids.length - final.size} of ${ids.length} orders still pending after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
