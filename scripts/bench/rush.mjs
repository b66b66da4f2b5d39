#!/usr/bin/env node
// An on-sale rush against a running stack, twice, with `clients` buyers placing orders one after
// the other: once with nobody polling, once with every buyer polling its order every 0.5 s until
// it is final before placing the next, as a buyer's page would. Prints both and their ratio.
// Usage: node scripts/bench/rush.mjs [orders=2000] [tickets=100] [clients=50]
import { randomUUID } from 'node:crypto';
import { createItem } from './catalogue.mjs';

const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
const [orders, tickets, clients] = [2000, 100, 50].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let failedReads = 0;
async function getOrder(id) {
  for (;;) {
    const res = await fetch(`${ORDER_URL}/orders/${id}`).catch(() => undefined);
    if (res?.ok) return res.json();
    failedReads++;
    await sleep(500);
  }
}

async function rush(polling) {
  const itemId = await createItem(INVENTORY_URL, 'rush', tickets);
  const body = () => JSON.stringify({ customerId: randomUUID(), amount: 20, items: [{ id: itemId, name: 'rush', amount: 20, quantity: 1 }] });
  const accepted = [];
  let failedPosts = 0;
  let soldOutAtDoor = 0;
  let next = 0;
  const started = Date.now();
  const poll = async (id) => {
    while ((await getOrder(id)).status === 'PENDING') await sleep(500);
  };
  const client = async () => {
    while (next < orders) {
      next++;
      const res = await fetch(`${ORDER_URL}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() }).catch(() => undefined);
      if (res?.status === 201) {
        soldOutAtDoor++;
        continue;
      }
      if (res?.status !== 202) {
        failedPosts++;
        continue;
      }
      const { id } = await res.json();
      accepted.push(id);
      if (polling) await poll(id);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const postsDone = (Date.now() - started) / 1000;
  // Without pollers, a sweep of the orders still pending every 2 s tells when all are final.
  let pending = polling ? [] : accepted;
  while (pending.length) {
    const still = [];
    for (const id of pending) if ((await getOrder(id)).status === 'PENDING') still.push(id);
    pending = still;
    if (pending.length) await sleep(2000);
  }
  const seconds = (Date.now() - started) / 1000;
  const item = await (await fetch(`${INVENTORY_URL}/items/${itemId}`)).json();
  return { polling, seconds, postsDone, accepted: accepted.length, soldOutAtDoor, failedPosts, failedReads, sold: item.sold, reserved: item.reserved };
}

const quiet = await rush(false);
failedReads = 0;
const polled = await rush(true);
for (const r of [quiet, polled]) {
  console.log(
    `${r.polling ? 'every order polled every 0.5 s' : 'nobody polling'}: ${r.accepted} accepted, ${r.soldOutAtDoor} sold out at the door, ${r.failedPosts} failed POSTs, ${r.failedReads} failed reads, all final in ${r.seconds.toFixed(1)} s (POSTs done in ${r.postsDone.toFixed(1)} s), sold ${r.sold}, reserved ${r.reserved}`,
  );
}
console.log(`polling / quiet: ${(polled.seconds / quiet.seconds).toFixed(2)}`);
if (polled.failedPosts || quiet.failedPosts || polled.sold !== tickets || quiet.sold !== tickets) process.exitCode = 1;
