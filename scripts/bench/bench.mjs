#!/usr/bin/env node
// The saga under an open model, step by step: orders arrive at a fixed rate (5, 10, 20, 40 per
// second by default, each step after a warm-up), and for each step the report gives the offered
// and completed rates, POST and saga latencies (the saga's time also without the payment
// simulator's own wait), errors, and the CPU milliseconds per saga and memory of every process
// of the stack. Nothing polls the orders: the step is over when the orchestrator's saga counter
// (its /metrics, read once a second) has counted them all, and latencies come from the orders'
// and payments' own records, read once each after the CPU is sampled.
// Usage: node scripts/bench/bench.mjs [--rates 5,10,20,40] [--seconds 60] [--warmup 15]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createItem } from './catalogue.mjs';
import { perSaga, readCounters } from './dapr-counters.mjs';
import { openLoad } from './open-load.mjs';
import { cpuBetween, sample, stackProcesses } from './proc-stats.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
const PAYMENT_URL = process.env.PAYMENT_URL ?? 'http://localhost:8082';
const ORCHESTRATOR_URL = process.env.ORCHESTRATOR_URL ?? 'http://localhost:8083';
const TOKEN = 'tok_approve';
/** A step is sustained when its sagas' p95, the payment simulator's wait taken out, stays below this. */
const ENGINE_P95_BOUND_MS = 1000;
const DRAIN_TIMEOUT_MS = 120_000;
/** A stack with no order arriving spends far less (measured: about 100 ms/s on 2 cores). */
const BUSY_IDLE_MS_PER_SECOND = 400;

const { values } = parseArgs({
  options: { rates: { type: 'string', default: '5,10,20,40' }, seconds: { type: 'string', default: '60' }, warmup: { type: 'string', default: '15' } },
});
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.error(`\x1b[1m[bench]\x1b[0m ${message}`);

async function main() {
  const processes = stackProcesses(join(ROOT, '.run', 'children.json'));
  const itemId = await createItem(INVENTORY_URL, 'bench', 10_000_000);
  const idle = await idleCpu(processes);
  log(`idle: the stack spends ${ms(idle.total)} ms of CPU per second doing nothing`);
  if (idle.total > BUSY_IDLE_MS_PER_SECOND) {
    log(`warning: that is not idle (sagas of an earlier run still going?): every figure below includes it`);
  }
  log(`warm-up: ${rates[0]} orders/s for ${values.warmup} s`);
  await runStep(processes, itemId, rates[0], Number(values.warmup));
  const steps = [];
  for (const rate of rates) {
    log(`step: ${rate} orders/s for ${seconds} s`);
    const step = await runStep(processes, itemId, rate, seconds);
    steps.push(step);
    printStep(step);
    if (!isSustained(step)) {
      log(`${rate}/s is not sustained: higher rates are not tried`);
      break;
    }
  }
  const sustained = steps.filter(isSustained).at(-1);
  const report = { machine: machine(), seconds, idleCpuMsPerSecond: idle, steps, sustainableRate: sustained?.offeredRate ?? 0 };
  const file = writeReport(report);
  printSummary(report);
  log(`report: ${file}`);
}

async function runStep(processes, itemId, rate, stepSeconds) {
  const endedBefore = await sagasEnded();
  const countersBefore = await readCounters();
  const before = sample(processes);
  const startedAt = performance.now();
  const load = await openLoad({ orderUrl: ORDER_URL, itemId, rate, seconds: stepSeconds, token: TOKEN });
  const accepted = load.results.filter((r) => r.id).map((r) => r.id);
  const polls = await waitForEnded(endedBefore + accepted.length);
  const after = sample(processes);
  const measuredSeconds = (performance.now() - startedAt) / 1000;
  const countersAfter = await readCounters();
  const orders = await readAll(accepted, (id) => getJson(`${ORDER_URL}/orders/${id}`));
  const payments = (await readAll(accepted, (id) => getJson(`${PAYMENT_URL}/payments/${id}`))).filter(Boolean);
  const step = summarise({ rate, load, orders, payments, polls, cpu: cpuBetween(before, after), memory: after });
  return { ...step, measuredSeconds, daprWorkPerSaga: perSaga(countersBefore, countersAfter, step.completed) };
}

/** CPU milliseconds per second each process spends with no order arriving (timers, polling, GC). */
async function idleCpu(processes, seconds = 10) {
  const before = sample(processes);
  await sleep(seconds * 1000);
  const perSecond = Object.fromEntries([...cpuBetween(before, sample(processes))].map(([name, cpuMs]) => [name, cpuMs / seconds]));
  return { ...perSecond, total: Object.values(perSecond).reduce((a, b) => a + b, 0) };
}

/**
 * Waits until the orchestrator has ended `count` sagas in all, reading only its saga counter once
 * a second: asking each order would load the system under test. Returns how many reads it took.
 */
async function waitForEnded(count) {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let reads = 0;
  while (Date.now() < deadline) {
    reads++;
    if ((await sagasEnded()) >= count) return reads;
    await sleep(1000);
  }
  log(`not every saga ended within ${DRAIN_TIMEOUT_MS / 1000} s of the step's last order: the step is reported as it stands`);
  return reads;
}

/** Sagas ended since the orchestrator started, every outcome, from its Prometheus metrics. */
async function sagasEnded() {
  const text = await (await fetch(`${ORCHESTRATOR_URL}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('ticketsaga_saga_duration_seconds_count{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function summarise({ rate, load, orders, payments, polls, cpu, memory }) {
  const completed = orders.filter((o) => o.status === 'COMPLETED');
  const pending = orders.filter((o) => o.status === 'PENDING').length;
  const created = orders.map((o) => Date.parse(o.createdAt));
  const finals = orders.filter((o) => o.status !== 'PENDING').map((o) => Date.parse(o.updatedAt));
  const spanSeconds = finals.length ? (Math.max(...finals) - Math.min(...created)) / 1000 : Infinity;
  const lifetime = (record) => Date.parse(record.updatedAt) - Date.parse(record.createdAt);
  const paymentMs = new Map(payments.map((p) => [p.orderId, lifetime(p)]));
  const sagaMs = completed.map(lifetime);
  const engineMs = completed.map((o) => lifetime(o) - (paymentMs.get(o.id) ?? 0));
  const cpuTotal = [...cpu.values()].reduce((a, b) => a + b, 0);
  const errors = load.results.filter((r) => r.status !== 202);
  return {
    rate,
    offeredRate: load.sent / load.sendSeconds,
    sent: load.sent,
    accepted: orders.length,
    completed: completed.length,
    notFinal: pending,
    otherOutcomes: orders.length - completed.length - pending,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => `${e.status} ${e.error ?? ''}`.trim()))].slice(0, 3),
    completedRate: completed.length / spanSeconds,
    postMs: percentiles(load.results.map((r) => r.postMs)),
    sagaMs: percentiles(sagaMs),
    engineMs: percentiles(engineMs),
    paymentMs: percentiles([...paymentMs.values()]),
    metricsReadsAfterLoad: polls,
    cpuMsPerSaga: Object.fromEntries([...cpu].map(([name, ms]) => [name, ms / Math.max(completed.length, 1)])),
    cpuMsPerSagaTotal: cpuTotal / Math.max(completed.length, 1),
    rssMb: Object.fromEntries([...memory].map(([name, { rssMb }]) => [name, rssMb])),
  };
}

const isSustained = (s) =>
  s.errors === 0 && s.notFinal === 0 && s.completed === s.sent && s.engineMs.p95 < ENGINE_P95_BOUND_MS && s.completedRate >= s.offeredRate * 0.9;

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

async function readAll(ids, read, concurrency = 8) {
  const out = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      out[i] = await read(ids[i]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** The JSON at url; undefined when it does not exist (404), e.g. a payment never requested. */
async function getJson(url) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) return res.json();
    if (res?.status === 404) return undefined;
    if (attempt === 5) throw new Error(`GET ${url} answered ${res?.status ?? 'nothing'}`);
    await sleep(200 * attempt);
  }
}

const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)}` : '-');
const pct = (p) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;

function printStep(s) {
  log(
    `${s.rate}/s: offered ${s.offeredRate.toFixed(1)}/s, completed ${s.completedRate.toFixed(1)}/s (${s.completed}/${s.sent}), ` +
      `errors ${s.errors}, saga p95 ${ms(s.sagaMs.p95)} ms (engine ${ms(s.engineMs.p95)} ms), CPU ${ms(s.cpuMsPerSagaTotal)} ms/saga`,
  );
}

/** The part of a step's CPU per saga the stack would have spent idle over the same time. */
const idleShare = (s, idle) => (idle.total * s.measuredSeconds) / Math.max(s.completed, 1);

function printSummary({ steps, sustainableRate, machine, idleCpuMsPerSecond: idle }) {
  const names = Object.keys(steps[0].cpuMsPerSaga);
  const lines = [
    `Open-model benchmark on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}; ${seconds} s per step, token ${TOKEN}.`,
    '',
    '| offered/s | completed/s | completed | errors | POST p50/p95/p99 ms | saga p50/p95/p99 ms | without payment wait p50/p95/p99 ms | payment wait p50 ms | CPU ms/saga (of which idle) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...steps.map(
      (s) =>
        `| ${s.offeredRate.toFixed(1)} | ${s.completedRate.toFixed(1)} | ${s.completed}/${s.sent} | ${s.errors} | ${pct(s.postMs)} | ${pct(s.sagaMs)} | ${pct(s.engineMs)} | ${ms(s.paymentMs.p50)} | ${ms(s.cpuMsPerSagaTotal)} (${ms(idleShare(s, idle))}) |`,
    ),
    '',
    `Idle, the stack spends ${ms(idle.total)} ms of CPU per second: ${Object.entries(idle)
      .filter(([name]) => name !== 'total')
      .map(([name, v]) => `${name} ${v.toFixed(1)}`)
      .join(', ')}.`,
    '',
    `CPU ms per saga by process (RSS MB at the end of the step):`,
    '',
    `| process | ${steps.map((s) => `${s.rate}/s`).join(' | ')} |`,
    `|---|${steps.map(() => '---').join('|')}|`,
    ...names.map((n) => `| ${n} | ${steps.map((s) => `${s.cpuMsPerSaga[n].toFixed(1)} (${Math.round(s.rssMb[n])})`).join(' | ')} |`),
    `| **all** | ${steps.map((s) => `**${s.cpuMsPerSagaTotal.toFixed(1)}**`).join(' | ')} |`,
    '',
    `Dapr sidecars' work per saga (their own counters), at ${steps[0].rate}/s:`,
    '',
    '| sidecar: work | per saga |',
    '|---|---|',
    ...Object.entries(steps[0].daprWorkPerSaga).map(([work, n]) => `| ${work} | ${n.toFixed(1)} |`),
    '',
    `Sustainable rate (every order completed, no error, p95 without the payment wait under ${ENGINE_P95_BOUND_MS} ms, completed rate within 10% of offered): ${sustainableRate ? `${sustainableRate.toFixed(1)} orders/s` : 'none of the steps'}.`,
  ];
  console.log(lines.join('\n'));
}

function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node };
}

function writeReport(report) {
  const dir = join(ROOT, '.run', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  return file;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
