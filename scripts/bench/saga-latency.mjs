#!/usr/bin/env node
// Measures how long sagas take, from POST /orders to a final status, against a running stack.
// Usage: node scripts/bench/saga-latency.mjs [orders=50] [concurrency=1]
// BENCH_TOKEN picks the flow through the payment simulator (tok_approve, tok_decline, tok_error_2...).
// Latency is the order's own record: updatedAt (final status) minus createdAt (accepted).
import { randomUUID } from 'node:crypto';

const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const ITEM = process.env.BENCH_ITEM ?? '3852cb18-9c19-4326-ac77-a1a0264bd98c';
const total = Number(process.argv[2] ?? 50);
const concurrency = Number(process.argv[3] ?? 1);

const TOKEN = process.env.BENCH_TOKEN ?? 'tok_approve';
// A new customer per order: one customer may hold only so many tickets per concert.
const body = () =>
  JSON.stringify({ customerId: randomUUID(), amount: 10.5, items: [{ id: ITEM, name: 'day-one', amount: 200, quantity: 1 }], payment: { token: TOKEN } });

async function oneSaga() {
  const res = await fetch(`${ORDER_URL}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
  if (res.status !== 202) throw new Error(`POST /orders answered ${res.status}: ${await res.text()}`);
  const { id } = await res.json();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const order = await (await fetch(`${ORDER_URL}/orders/${id}`)).json();
    if (order.status !== 'PENDING') return { status: order.status, ms: Date.parse(order.updatedAt) - Date.parse(order.createdAt) };
    if (Date.now() > deadline) throw new Error(`order ${id} still PENDING after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const results = [];
const began = Date.now();
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      results.push(await oneSaga());
    }
  }),
);
const wall = (Date.now() - began) / 1000;
const ms = results.map((r) => r.ms).sort((a, b) => a - b);
const pct = (p) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))];
const statuses = Object.entries(results.reduce((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}));
console.log(
  `flow: ${TOKEN}, sagas: ${total}, concurrency: ${concurrency}, wall: ${wall.toFixed(1)} s, ${(total / wall).toFixed(1)} sagas/s (a closed loop: ${concurrency} divided by the latency, not a capacity; npm run bench measures that)`,
);
console.log(`outcomes: ${statuses.map(([s, n]) => `${s} ${n}`).join(', ')}`);
console.log(`latency ms: min ${ms[0]}, p50 ${pct(50)}, p95 ${pct(95)}, p99 ${pct(99)}, max ${ms.at(-1)}`);
