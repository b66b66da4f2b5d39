#!/usr/bin/env node
// The benchmark's baseline: the saga's business chain with no workflow engine. It accepts an
// order (validated against the contract, stored in the order service's store), then calls each
// service directly over HTTP, in the saga's order: check the items, reserve, request the payment,
// take its result from Kafka (kafkajs), confirm, issue the tickets, complete the order; on each
// app's internal port, with that app's token, as its sidecar would deliver it. Nothing is
// durable, retried, logged or observed: what it costs is the business work alone, and the
// difference with the saga is what the durable orchestration costs.
// Run by `npm run bench` (it freezes the orchestrator meanwhile, so one chain acts on each order).
import { Components, PlaceOrderRequestSchema, Topics } from '@ticket-saga/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { stackSecrets } from './stack-secrets.mjs';

const PORT = Number(process.env.DIRECT_CHAIN_PORT ?? 8090);
const ORDER_URL = 'http://127.0.0.1:18080';
const ORDER_STATE_URL = `http://127.0.0.1:${process.env.ORDER_DAPR_HTTP_PORT ?? 3500}/v1.0/state/${Components.orderStore}`;
const INVENTORY_URL = 'http://127.0.0.1:18081';
const PAYMENT_URL = 'http://127.0.0.1:18082';
const { apps: TOKENS } = stackSecrets();
/** Each internal port takes its own app's token; the order store's sidecar its DAPR_API_TOKEN. */
const tokenFor = (url) =>
  url.startsWith(ORDER_STATE_URL)
    ? TOKENS.order.daprApiToken
    : TOKENS[{ [ORDER_URL]: 'order', [INVENTORY_URL]: 'inventory', [PAYMENT_URL]: 'payment' }[new URL(url).origin]].appApiToken;
const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/** Orders waiting for their payment's result: what the workflow keeps durably, kept in memory here. */
const awaiting = new Set();
let ended = 0;
let failed = 0;

/** Kept-alive node:http, as the apps' sidecar client: the baseline pays no more per call than they do. */
const agent = new Agent({ keepAlive: true });

function call(method, url, body = {}) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'dapr-api-token': tokenFor(url) };
    const req = request(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const ok = res.statusCode < 300 || res.statusCode === 409;
        if (ok) resolve({ status: res.statusCode, body: text ? JSON.parse(text) : undefined });
        else reject(new Error(`${method} ${url} answered ${res.statusCode}: ${text.slice(0, 200)}`));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function accept(request) {
  const id = randomUUID();
  const at = new Date().toISOString();
  await call('POST', ORDER_STATE_URL, [{ key: id, value: { id, ...request, status: 'PENDING', createdAt: at, updatedAt: at } }]);
  return id;
}

async function start(id, { customerId, amount, items, payment }) {
  const check = await call('POST', `${INVENTORY_URL}/items/check`, { itemIds: items.map((item) => item.id) });
  if (check.body.unavailable.length > 0) return outcome(id, { status: 'REJECTED', reason: 'not on sale' });
  const lines = items.map((item) => ({ itemId: item.id, quantity: item.quantity }));
  const reservation = await call('POST', `${INVENTORY_URL}/reservations`, { reservationId: id, lines });
  if (reservation.status === 409) return outcome(id, { status: 'REJECTED', reason: 'sold out' });
  awaiting.add(id);
  await call('POST', `${PAYMENT_URL}/payments`, { orderId: id, customerId, amount, token: payment?.token ?? 'tok_approve' });
}

async function paid(id, result) {
  if (!awaiting.delete(id)) return;
  if (result.outcome !== 'APPROVED') {
    await call('POST', `${INVENTORY_URL}/reservations/${id}/release`);
    return outcome(id, { status: 'PAYMENT_DECLINED', reason: result.reason ?? 'declined' });
  }
  await call('POST', `${INVENTORY_URL}/reservations/${id}/confirm`);
  const tickets = await call('POST', `${INVENTORY_URL}/reservations/${id}/tickets`);
  await outcome(id, { status: 'COMPLETED', tickets: tickets.body, paymentId: result.paymentId });
}

async function outcome(id, body) {
  await call('PUT', `${ORDER_URL}/orders/${id}/outcome`, body);
  ended++;
}

const chain = (work) =>
  work.catch((err) => {
    failed++;
    console.error(`[direct-chain] ${err.message}`);
  });

async function main() {
  const kafka = new Kafka({ clientId: 'bench-direct-chain', brokers: KAFKA_BROKERS, logLevel: logLevel.ERROR });
  const consumer = kafka.consumer({ groupId: `bench-direct-chain-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: Topics.paymentResults, fromBeginning: false });
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (ready = true));
  await consumer.run({
    partitionsConsumedConcurrently: 8,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value.toString());
      if (event.data?.orderId) await chain(paid(event.data.orderId, event.data));
    },
  });

  const server = createServer((req, res) => {
    const reply = (status, body) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'GET' && req.url === '/ended') return reply(200, { ready, ended, failed, awaiting: awaiting.size });
    if (req.method !== 'POST' || req.url !== '/orders') return reply(404, { error: 'NOT_FOUND' });
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      const parsed = PlaceOrderRequestSchema.safeParse(JSON.parse(raw || '{}'));
      if (!parsed.success) return reply(400, { error: 'VALIDATION_FAILED', details: parsed.error.issues });
      try {
        const id = await accept(parsed.data);
        reply(202, { id, status: 'PENDING' });
        void chain(start(id, parsed.data));
      } catch (err) {
        reply(503, { error: 'UNAVAILABLE', message: err.message });
      }
    });
  });
  server.listen(PORT, '127.0.0.1');
  const stop = async () => {
    server.close();
    await consumer.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
