import type { Item, Order } from '@ticket-saga/contracts';

export const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
export const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';

export const DAY_ONE = '3852cb18-9c19-4326-ac77-a1a0264bd98c';

/** The payload of the original brief. */
export const briefOrder = () => ({
  customerId: 'e081ad0f-f83e-4f81-b2d7-23655ac04b8a',
  amount: 10.5,
  items: [{ id: DAY_ONE, name: 'day-one', amount: 200.0, quantity: 1 }],
});

export type OrderView = Order & { step: string | null };

export async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`expected JSON from ${res.url} (${res.status}), got: ${text.slice(0, 200)}`);
  }
}

export async function placeOrder(body: unknown): Promise<Response> {
  return fetch(`${ORDER_URL}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function getOrder(id: string): Promise<OrderView> {
  return json<OrderView>(await fetch(`${ORDER_URL}/orders/${id}`));
}

export async function getItem(id: string): Promise<Item> {
  return json<Item>(await fetch(`${INVENTORY_URL}/items/${id}`));
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

export const isFinal = (order: OrderView) => order.status !== 'PENDING';
