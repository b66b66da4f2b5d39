#!/usr/bin/env node
// The on-sale rush: many more orders than tickets, from customers who each try several times,
// sent at a fixed rate whatever the answers (an open model). A buyer told 503 comes back after
// its Retry-After, as a box office's page would; every other answer is final for that order.
// Prints how the rush went and checks what must hold: exactly `tickets` sold, nothing left
// reserved, every accepted order final, no customer above the per-customer limit.
// Usage: node scripts/bench/on-sale-rush.mjs [--orders 10000] [--tickets 1000] [--customers 2000]
//        [--rate 100] [--limit 4] [--deadline 1800]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createItem } from './catalogue.mjs';
import { percentiles } from './percentiles.mjs';

const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
const { values } = parseArgs({
  options: Object.fromEntries(
    Object.entries({ orders: '10000', tickets: '1000', customers: '2000', rate: '100', limit: '4', deadline: '1800' }).map(([name, fallback]) => [
      name,
      { type: 'string', default: fallback },
    ]),
  ),
});
const [orders, tickets, customerCount, rate, limit, deadlineSeconds] = ['orders', 'tickets', 'customers', 'rate', 'limit', 'deadline'].map((k) =>
  Number(values[k]),
);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.error(`\x1b[1m[rush]\x1b[0m ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const itemId = await createItem(INVENTORY_URL, 'on-sale', tickets);
const customers = Array.from({ length: customerCount }, () => randomUUID());
const started = performance.now();
const deadline = started + deadlineSeconds * 1000;
const tally = { accepted: 0, soldOutAtDoor: 0, overLimit: 0, heldBack: 0, gaveUp: 0, errors: 0 };
const accepted = [];
const postMs = [];
const watch = watchStock();

log(`${orders} orders for ${tickets} tickets from ${customerCount} customers at ${rate} orders/s`);
const sends = [];
for (let i = 0; i < orders; i++) {
  const wait = started + (i * 1000) / rate - performance.now();
  if (wait > 0) await sleep(wait);
  sends.push(buy(i));
}
const sendSeconds = (performance.now() - started) / 1000;
await Promise.all(sends);
log(
  `all ${orders} orders answered after ${seconds(performance.now() - started)} (sent in ${sendSeconds.toFixed(1)} s); following ${accepted.length} accepted orders`,
);
const finals = await followToTheEnd(accepted);
const stock = await watch.stop();
report(finals, stock);

/** One buyer's order, sent again after each 503 until it gets another answer or the rush ends. */
async function buy(i) {
  const customerId = customers[i % customerCount];
  const quantity = i % 3 === 0 ? 2 : 1;
  const body = JSON.stringify({ customerId, amount: 20 * quantity, items: [{ id: itemId, name: 'on-sale', amount: 20, quantity }] });
  for (;;) {
    const sentAt = performance.now();
    const res = await fetch(`${ORDER_URL}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `rush-${i}` },
      body,
    }).catch((err) => void (tally.errors++ < 5 && log(`order ${i}: ${err.cause?.code ?? err.cause ?? err}`)));
    postMs.push(performance.now() - sentAt);
    if (!res) return;
    const answer = await res.json().catch(() => ({}));
    if (res.status === 202) return void (tally.accepted++, accepted.push({ id: answer.id, customerId, quantity }));
    if (res.status === 201 && answer.status === 'REJECTED') return void tally.soldOutAtDoor++;
    if (res.status === 422 && JSON.stringify(answer).includes('per customer')) return void tally.overLimit++;
    if (res.status !== 503) return void (tally.errors++, log(`order ${i}: ${res.status} ${JSON.stringify(answer).slice(0, 200)}`));
    tally.heldBack++;
    const retryAt = performance.now() + Number(res.headers.get('retry-after') ?? 1) * 1000;
    if (retryAt > deadline) return void tally.gaveUp++;
    await sleep(retryAt - performance.now());
  }
}

/**
 * Reads each accepted order until it is final, oldest first; sagas finish roughly in the order
 * they were accepted, so a sweep stops at the first pending order and comes back to it later
 * instead of reading every order again and again.
 */
async function followToTheEnd(placed) {
  const finals = [];
  let next = 0;
  while (next < placed.length) {
    const order = await getOrder(placed[next].id);
    if (order.status !== 'PENDING') {
      finals.push({ ...placed[next], order });
      next++;
    } else if (performance.now() > deadline) {
      throw new Error(`order ${order.id} still PENDING at the deadline (${deadlineSeconds} s); ${placed.length - next} not final`);
    } else {
      await sleep(1000);
    }
  }
  return finals;
}

async function getOrder(id) {
  for (;;) {
    const res = await fetch(`${ORDER_URL}/orders/${id}`).catch(() => undefined);
    if (res?.ok) return res.json();
    await sleep(500);
  }
}

/** The item read once a second: when its last ticket was reserved, and when it was sold. */
function watchStock() {
  const seen = { noneLeftAt: undefined, soldOutAt: undefined, last: undefined };
  let running = true;
  const loop = (async () => {
    while (running) {
      const res = await fetch(`${INVENTORY_URL}/items/${itemId}`).catch(() => undefined);
      if (res?.ok) {
        seen.last = await res.json();
        const at = performance.now() - started;
        if (seen.last.available === 0) seen.noneLeftAt ??= at;
        if (seen.last.sold === tickets) seen.soldOutAt ??= at;
      }
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ...seen, last: await (await fetch(`${INVENTORY_URL}/items/${itemId}`)).json() };
    },
  };
}

function report(finals, stock) {
  const byStatus = {};
  for (const f of finals) (byStatus[f.order.status] ??= []).push(f);
  const sagaMs = finals.map((f) => Date.parse(f.order.updatedAt) - Date.parse(f.order.createdAt));
  const [post, saga] = [percentiles(postMs), percentiles(sagaMs)];
  const held = new Map();
  for (const f of byStatus.COMPLETED ?? []) held.set(f.customerId, (held.get(f.customerId) ?? 0) + f.quantity);
  const overLimit = [...held.values()].filter((n) => n > limit).length;
  const rows = [
    ['orders sent', `${orders} at ${rate}/s (sent in ${sendSeconds.toFixed(1)} s)`],
    ['last ticket reserved after', stock.noneLeftAt === undefined ? 'never' : seconds(stock.noneLeftAt)],
    ['sold out (all sold) after', stock.soldOutAt === undefined ? 'never' : seconds(stock.soldOutAt)],
    ['accepted (202)', tally.accepted],
    ['sold out at the door (201 REJECTED)', tally.soldOutAtDoor],
    ['over the per-customer limit (422)', tally.overLimit],
    ['held back (503, then retried)', `${tally.heldBack} answers; ${tally.gaveUp} orders gave up at the deadline`],
    ['errors', tally.errors],
    ...Object.entries(byStatus).map(([status, list]) => [`accepted, then ${status}`, list.length]),
    ['POST p50 / p95 / p99', `${post.p50.toFixed(0)} / ${post.p95.toFixed(0)} / ${post.p99.toFixed(0)} ms`],
    ['saga p50 / p95 / p99 (accepted to final)', `${saga.p50.toFixed(0)} / ${saga.p95.toFixed(0)} / ${saga.p99.toFixed(0)} ms`],
    ['all final after', seconds(performance.now() - started)],
    ['tickets sold / reserved / available', `${stock.last.sold} / ${stock.last.reserved} / ${stock.last.available}`],
    [`customers above ${limit} tickets`, overLimit],
  ];
  console.log(rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n'));
  const broken = [
    stock.last.sold !== tickets && `${stock.last.sold} sold, not ${tickets}`,
    stock.last.reserved !== 0 && `${stock.last.reserved} still reserved`,
    overLimit > 0 && `${overLimit} customers above the limit`,
    tally.errors > 0 && `${tally.errors} errors`,
  ].filter(Boolean);
  for (const b of broken) log(`FAILED: ${b}`);
  process.exitCode = broken.length ? 1 : 0;
}
