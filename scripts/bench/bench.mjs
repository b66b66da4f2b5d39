#!/usr/bin/env node
// The saga under an open model, step by step: orders arrive at a fixed rate (3, 4, 5, 10, 20, 40 per
// second by default, each step after a warm-up), and for each step the report gives the offered
// and completed rates, POST and saga latencies (the saga's time also without the payment
// simulator's own wait), errors, and the CPU milliseconds per saga and memory of every process
// of the stack. Nothing polls the orders: the step is over when the orchestrator's saga counter
// (its /metrics, read once a second) has counted them all, and latencies come from the orders'
// and payments' own records, read once each after the CPU is sampled. Then the same rates again
// on the direct baseline (direct-chain.mjs: the same business chain, no workflow engine), unless
// --saga-only, and the report gives both and their ratio.
// The report goes to .run/bench/bench-<time>.json, with its chart (PNG) beside it or at --chart.
// Usage: node scripts/bench/bench.mjs [--rates 3,4,5,10,20,40] [--seconds 60] [--warmup 15] [--saga-only]
//   [--baseline-rates 10,20,30] [--chart docs/performance.png]
// --baseline-rates runs the direct chain at those rates instead of the rates the saga ran: how
// far the business chain alone goes on this machine.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createItem } from './catalogue.mjs';
import { renderChart } from './chart.mjs';
import { perSaga, readCounters } from './dapr-counters.mjs';
import { openLoad } from './open-load.mjs';
import { percentiles } from './percentiles.mjs';
import { cpuBetween, sample, stackProcesses } from './proc-stats.mjs';
import { replicasOf, runningReplicas } from './replicas.mjs';
import { operatorHeaders } from './stack-secrets.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
const PAYMENT_URL = process.env.PAYMENT_URL ?? 'http://localhost:8082';
const ORCHESTRATOR_URL = process.env.ORCHESTRATOR_URL ?? 'http://localhost:8083';
const DIRECT_CHAIN_URL = 'http://127.0.0.1:8090';
/** The baseline's chain takes the orchestrator's place: these are frozen (SIGSTOP) while it runs. */
/** The engine's apps: frozen (every replica with its sidecar) for the direct baseline. */
const ENGINE_APPS = ['orchestrator'];
const TOKEN = 'tok_approve';
/** A step is sustained when its sagas' p95, the payment simulator's wait taken out, stays below this. */
const ENGINE_P95_BOUND_MS = 1000;
const DRAIN_TIMEOUT_MS = 120_000;
/** A stack with no order arriving spends far less (measured: about 100 ms/s on 2 cores). */
const BUSY_IDLE_MS_PER_SECOND = 400;

const { values } = parseArgs({
  options: {
    rates: { type: 'string', default: '3,4,5,10,20,40' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '15' },
    'saga-only': { type: 'boolean', default: false },
    'baseline-rates': { type: 'string' },
    chart: { type: 'string' },
  },
});
const rates = values.rates.split(',').map(Number);
const seconds = Number(values.seconds);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (message) => console.error(`\x1b[1m[bench]\x1b[0m ${message}`);

/** Replicas of each app in the running stack (STACK_REPLICAS): set from its processes at the start. */
let replicas = 1;

async function main() {
  const processes = stackProcesses(join(ROOT, '.run', 'children.json'));
  replicas = runningReplicas(processes);
  if (replicas > 1) log(`${replicas} replicas of each app: counters and CPU summed over them`);
  const itemId = await createItem(INVENTORY_URL, 'bench', 10_000_000);
  const idle = await idleCpu(processes);
  log(`idle: the stack spends ${ms(idle.total)} ms of CPU per second doing nothing`);
  if (idle.total > BUSY_IDLE_MS_PER_SECOND) {
    log(`warning: that is not idle (sagas of an earlier run still going?): every figure below includes it`);
  }
  const steps = await runSteps(processes, sagaTarget, itemId, rates);
  const baseline = values['saga-only']
    ? undefined
    : await runBaseline(processes, itemId, values['baseline-rates']?.split(',').map(Number) ?? steps.map((s) => s.rate));
  const report = { machine: machine(), seconds, idleCpuMsPerSecond: idle, steps, sustainableRate: sustainableRateOf(steps), baseline };
  const file = writeReport(report);
  printSummary(report);
  log(`report: ${file}`);
  await drawChart(report, values.chart ?? file.replace(/\.json$/, '.png'));
}

/** The saga: orders go to the order service, and the orchestrator counts the sagas that ended. */
const sagaTarget = { name: 'saga', orderUrl: ORDER_URL, ended: sagasEnded, frozen: [] };

/** A warm-up, then each rate until one is not sustained (the baseline runs every rate the saga ran). */
async function runSteps(processes, target, itemId, stepRates, { everyRate = false } = {}) {
  log(`${target.name}: warm-up, ${stepRates[0]} orders/s for ${values.warmup} s`);
  await runStep(processes, target, itemId, stepRates[0], Number(values.warmup));
  const steps = [];
  for (const rate of stepRates) {
    log(`${target.name}: ${rate} orders/s for ${seconds} s`);
    const step = await runStep(processes, target, itemId, rate, seconds);
    steps.push(step);
    printStep(step);
    if (!isSustained(step) && !everyRate) {
      log(`${rate}/s is not sustained: higher rates are not tried`);
      break;
    }
  }
  return steps;
}

/**
 * The same rates on the direct chain. The orchestrator and its sidecar are frozen meanwhile, so
 * that no saga acts on the baseline's payments; thawed, they read the results they missed as
 * results for sagas that do not exist, which changes nothing.
 */
async function runBaseline(processes, itemId, stepRates) {
  const logFile = join(ROOT, '.run', 'bench', 'direct-chain.log');
  mkdirSync(join(ROOT, '.run', 'bench'), { recursive: true });
  const out = openSync(logFile, 'w');
  const chain = spawn(process.execPath, [join(import.meta.dirname, 'direct-chain.mjs')], { detached: true, stdio: ['ignore', out, out] });
  const frozen = ENGINE_APPS.flatMap((id) => replicasOf(id, replicas)).flatMap(({ name }) => [processes.get(name), processes.get(`${name}-dapr`)]);
  frozen.forEach((pid) => process.kill(-pid, 'SIGSTOP'));
  try {
    await waitForChain(chain);
    const target = { name: 'direct baseline', orderUrl: DIRECT_CHAIN_URL, ended: chainEnded, frozen: ENGINE_APPS };
    return await runSteps(new Map([...processes, ['direct-chain', chain.pid]]), target, itemId, stepRates, { everyRate: true });
  } finally {
    process.kill(-chain.pid, 'SIGTERM');
    frozen.forEach((pid) => process.kill(-pid, 'SIGCONT'));
    log(`baseline done: the orchestrator is thawed (direct chain's log: ${logFile})`);
  }
}

async function waitForChain(chain) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (chain.exitCode !== null) throw new Error(`the direct chain exited (${chain.exitCode}): see .run/bench/direct-chain.log`);
    const state = await fetch(`${DIRECT_CHAIN_URL}/ended`)
      .then((res) => res.json())
      .catch(() => undefined);
    if (state?.ready) return;
    await sleep(500);
  }
  throw new Error('the direct chain did not join its Kafka group within 60 s');
}

async function chainEnded() {
  return (await (await fetch(`${DIRECT_CHAIN_URL}/ended`)).json()).ended;
}

async function runStep(processes, target, itemId, rate, stepSeconds) {
  const endedBefore = await target.ended();
  const countersBefore = await readCounters(target.frozen, replicas);
  const before = sample(processes);
  const startedAt = performance.now();
  const load = await openLoad({ orderUrl: target.orderUrl, itemId, rate, seconds: stepSeconds, token: TOKEN });
  const accepted = load.results.filter((r) => r.id).map((r) => r.id);
  const polls = await waitForEnded(target, endedBefore + accepted.length);
  const after = sample(processes);
  const measuredSeconds = (performance.now() - startedAt) / 1000;
  const countersAfter = await readCounters(target.frozen, replicas);
  const orders = await readAll(accepted, (id) => getJson(`${ORDER_URL}/orders/${id}`));
  const payments = (await readAll(accepted, (id) => getJson(`${PAYMENT_URL}/payments/${id}`, operatorHeaders()))).filter(Boolean);
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
 * Waits until the target has ended `count` orders in all, reading only its counter once a second
 * (the orchestrator's saga counter, or the direct chain's): asking each order would load the
 * system under test. Returns how many reads it took.
 */
async function waitForEnded(target, count) {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  let reads = 0;
  while (Date.now() < deadline) {
    reads++;
    if ((await target.ended()) >= count) return reads;
    await sleep(1000);
  }
  log(`not every saga ended within ${DRAIN_TIMEOUT_MS / 1000} s of the step's last order: the step is reported as it stands`);
  return reads;
}

/** Sagas ended since the orchestrator started, every outcome, from its Prometheus metrics. */
/** Sagas ended, by the orchestrator's counter: summed over its replicas, each read on its own port. */
async function sagasEnded() {
  const urls = replicas === 1 ? [ORCHESTRATOR_URL] : replicasOf('orchestrator', replicas).map(({ port }) => `http://127.0.0.1:${port}`);
  const texts = await Promise.all(urls.map(async (url) => (await fetch(`${url}/metrics`)).text()));
  return texts
    .join('\n')
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
async function getJson(url, headers = {}) {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, { headers }).catch(() => undefined);
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

function printSummary({ steps, sustainableRate, machine, idleCpuMsPerSecond: idle, baseline }) {
  const columns = [...steps.map((s) => ({ label: `${s.rate}/s`, s })), ...(baseline ?? []).map((s) => ({ label: `direct ${s.rate}/s`, s }))];
  const names = [...new Set(columns.flatMap(({ s }) => Object.keys(s.cpuMsPerSaga)))];
  const cell = (s, n) => (n in s.cpuMsPerSaga ? `${s.cpuMsPerSaga[n].toFixed(1)} (${Math.round(s.rssMb[n])})` : '-');
  const lines = [
    `Open-model benchmark on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}; ${seconds} s per step, token ${TOKEN}.`,
    '',
    'The saga:',
    '',
    ...stepTable(steps, idle),
    ...(baseline ? ['', 'The direct baseline (the same business chain, no workflow engine; orchestrator frozen):', '', ...stepTable(baseline, idle)] : []),
    '',
    `Idle, the stack spends ${ms(idle.total)} ms of CPU per second: ${Object.entries(idle)
      .filter(([name]) => name !== 'total')
      .map(([name, v]) => `${name} ${v.toFixed(1)}`)
      .join(', ')}.`,
    '',
    `CPU ms per saga by process (RSS MB at the end of the step):`,
    '',
    `| process | ${columns.map((c) => c.label).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...names.map((n) => `| ${n} | ${columns.map(({ s }) => cell(s, n)).join(' | ')} |`),
    `| **all** | ${columns.map(({ s }) => `**${s.cpuMsPerSagaTotal.toFixed(1)}**`).join(' | ')} |`,
    ...(baseline ? ['', ...ratios(steps, baseline)] : []),
    '',
    `Dapr sidecars' work per saga (their own counters), at ${steps[0].rate}/s:`,
    '',
    '| sidecar: work | per saga |',
    '|---|---|',
    ...Object.entries(steps[0].daprWorkPerSaga).map(([work, n]) => `| ${work} | ${n.toFixed(1)} |`),
    '',
    `Sustainable rate (every order completed, no error, p95 without the payment wait under ${ENGINE_P95_BOUND_MS} ms, completed rate within 10% of offered): ${rateText(sustainableRate)}` +
      (baseline ? `; direct baseline: ${rateText(sustainableRateOf(baseline))} (of the rates tried).` : '.'),
  ];
  console.log(lines.join('\n'));
}

const rateText = (rate) => (rate ? `${rate.toFixed(1)} orders/s` : 'none of the steps');
const sustainableRateOf = (steps) => steps.filter(isSustained).at(-1)?.offeredRate ?? 0;

function stepTable(steps, idle) {
  return [
    '| offered/s | completed/s | completed | errors | POST p50/p95/p99 ms | saga p50/p95/p99 ms | without payment wait p50/p95/p99 ms | payment wait p50 ms | CPU ms/saga (of which idle) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...steps.map(
      (s) =>
        `| ${s.offeredRate.toFixed(1)} | ${s.completedRate.toFixed(1)} | ${s.completed}/${s.sent} | ${s.errors} | ${pct(s.postMs)} | ${pct(s.sagaMs)} | ${pct(s.engineMs)} | ${ms(s.paymentMs.p50)} | ${ms(s.cpuMsPerSagaTotal)} (${ms(idleShare(s, idle))}) |`,
    ),
  ];
}

/** What the durable orchestration costs, rate by rate: the saga against the direct chain. */
function ratios(steps, baseline) {
  return steps
    .map((s) => [s, baseline.find((b) => b.rate === s.rate)])
    .filter(([, b]) => b)
    .map(
      ([s, b]) =>
        `At ${s.rate}/s the saga costs ${ms(s.cpuMsPerSagaTotal)} ms of CPU per order against ${ms(b.cpuMsPerSagaTotal)} ms for the direct chain ` +
        `(x${(s.cpuMsPerSagaTotal / b.cpuMsPerSagaTotal).toFixed(1)}); p50 without the payment wait ${ms(s.engineMs.p50)} against ${ms(b.engineMs.p50)} ms.`,
    );
}

/** The chart needs Chromium; without it the benchmark still reports, and says so. */
async function drawChart(report, pngPath) {
  try {
    await renderChart(report, pngPath);
    log(`chart: ${pngPath}`);
  } catch (err) {
    log(`no chart (${String(err.message ?? err).split('\n')[0]}): set CHROMIUM_PATH to a Chromium or Chrome`);
  }
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
