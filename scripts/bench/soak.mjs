#!/usr/bin/env node
// A soak: a steady mixed load (approved, declined, one technical failure) at a fixed rate for a
// long time, sampled every minute: saga p50/p95, POST p95, CPU per saga of the whole stack, RSS
// of every process and the size of every data folder. Each order is read once, a minute after
// the minute it was placed in, so the harness adds one local read per order and no polling.
// It fails (exit 1) when the saga p95 of the last five minutes is more than 20% above the first
// five, or when the workflow store or the scheduler's data still grows over the last third of the
// run (more than 10% and 5 MB): run the stack with a retention shorter than the soak, e.g.
// `SAGA_RETENTION=5m npm run up`. The other stores keep what the business keeps (orders,
// payments, reservations, the saga log, Kafka's topics for their retention): reported, not judged.
// Usage: node scripts/bench/soak.mjs [--minutes 30] [--rate 5] [--csv docs/soak.csv] [--chart docs/soak.png]
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createItem } from './catalogue.mjs';
import { linesPanel, photograph } from './chart.mjs';
import { openLoad } from './open-load.mjs';
import { percentiles } from './percentiles.mjs';
import { cpuBetween, sample, stackProcesses } from './proc-stats.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const DATA = process.env.TICKET_SAGA_DATA ?? join(ROOT, 'data');
const ORDER_URL = process.env.ORDER_URL ?? 'http://localhost:8080';
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://localhost:8081';
const TOKENS = [...Array(8).fill('tok_approve'), 'tok_decline', 'tok_error_1'];
const P95_DRIFT = 1.2;
const GROWTH = { share: 0.1, bytes: 5 * 2 ** 20 };
/** The data that retention bounds: the workflow engine's history and the scheduler's etcd. */
const RETAINED = ['workflow', 'scheduler'];

const { values } = parseArgs({
  options: { minutes: { type: 'string', default: '30' }, rate: { type: 'string', default: '5' }, csv: { type: 'string' }, chart: { type: 'string' } },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const log = (message) => console.error(`\x1b[1m[soak]\x1b[0m ${message}`);

async function main() {
  if (minutes < 10) throw new Error('--minutes must be at least 10: the verdict compares the first and last five minutes');
  const processes = stackProcesses(join(ROOT, '.run', 'children.json'));
  const itemId = await createItem(INVENTORY_URL, 'soak', 10_000_000);
  log(`${rate} orders/s for ${minutes} min, tokens ${[...new Set(TOKENS)].join(', ')}`);
  const rows = [];
  let previous;
  for (let minute = 1; minute <= minutes + 1; minute++) {
    const before = sample(processes);
    const load = minute <= minutes ? await openLoad({ orderUrl: ORDER_URL, itemId, rate, seconds: 60, token: TOKENS }) : await idleMinute();
    const after = sample(processes);
    if (previous) rows.push(await summarise(previous));
    if (rows.length) log(describe(rows.at(-1)));
    previous = { minute, load, cpu: cpuBetween(before, after), memory: after };
  }
  const verdict = judge(rows);
  const csv = values.csv ?? join(ROOT, '.run', 'bench', 'soak.csv');
  writeFileSync(csv, toCsv(rows));
  log(`CSV: ${csv}`);
  await drawChart(rows, values.chart ?? csv.replace(/\.csv$/, '.png'));
  for (const line of verdict.lines) log(line);
  process.exitCode = verdict.failed ? 1 : 0;
}

/** The last minute places no order: it only lets the last orders finish, to read them. */
async function idleMinute() {
  await new Promise((resolve) => setTimeout(resolve, 60_000));
  return { sent: 0, results: [] };
}

/** One minute of orders, read once each a minute later, with the CPU and memory of that minute. */
async function summarise({ minute, load, cpu, memory }) {
  const ids = load.results.filter((r) => r.id).map((r) => r.id);
  const orders = (await Promise.all(ids.map((id) => fetch(`${ORDER_URL}/orders/${id}`).then((res) => res.json())))).filter(Boolean);
  const final = orders.filter((o) => o.status !== 'PENDING');
  const sagaMs = final.map((o) => Date.parse(o.updatedAt) - Date.parse(o.createdAt));
  const cpuMs = [...cpu.values()].reduce((a, b) => a + b, 0);
  return {
    minute,
    sent: load.sent,
    accepted: ids.length,
    pending: orders.length - final.length,
    postP95: percentiles(load.results.map((r) => r.postMs)).p95,
    sagaP50: percentiles(sagaMs).p50,
    sagaP95: percentiles(sagaMs).p95,
    cpuMsPerSaga: cpuMs / Math.max(ids.length, 1),
    rssMb: Object.fromEntries([...memory].map(([name, { rssMb }]) => [name, Math.round(rssMb)])),
    dataMb: dataSizes(),
  };
}

/** Disk used by each data folder or store, MB (a sqlite store with its -wal and -shm files; preallocated files count what they hold). */
function dataSizes() {
  const sizes = {};
  for (const entry of readdirSync(DATA)) {
    const name = entry.replace(/\.db(-wal|-shm)?$/, '');
    sizes[name] = (sizes[name] ?? 0) + bytesOf(join(DATA, entry)) / 2 ** 20;
  }
  return Object.fromEntries(Object.entries(sizes).map(([name, mb]) => [name, Math.round(mb * 10) / 10]));
}

function bytesOf(path) {
  const stat = statSync(path);
  return stat.isDirectory() ? readdirSync(path).reduce((sum, entry) => sum + bytesOf(join(path, entry)), 0) : stat.blocks * 512;
}

const describe = (r) =>
  `minute ${r.minute}: ${r.accepted}/${r.sent} accepted, ${r.pending} not final, saga p50/p95 ${Math.round(r.sagaP50)}/${Math.round(r.sagaP95)} ms, ` +
  `POST p95 ${Math.round(r.postP95)} ms, ${Math.round(r.cpuMsPerSaga)} ms CPU/saga, data ${Object.entries(r.dataMb)
    .map(([name, mb]) => `${name} ${mb}`)
    .join(' ')} MB`;

/** p95 drift between the first and last five minutes, and growth of each data folder over the last third (judged for RETAINED). */
function judge(rows) {
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const first = mean(rows.slice(0, 5).map((r) => r.sagaP95));
  const last = mean(rows.slice(-5).map((r) => r.sagaP95));
  const lines = [`saga p95, first five minutes ${Math.round(first)} ms, last five ${Math.round(last)} ms (bound: x${P95_DRIFT})`];
  let failed = !(last <= first * P95_DRIFT);
  const from = rows[Math.floor((rows.length * 2) / 3)].dataMb;
  const to = rows.at(-1).dataMb;
  for (const [name, mb] of Object.entries(to)) {
    const grew = mb - (from[name] ?? 0);
    const unbounded = RETAINED.includes(name) && grew > (from[name] ?? 0) * GROWTH.share && grew * 2 ** 20 > GROWTH.bytes;
    const judged = RETAINED.includes(name) ? (unbounded ? ': still growing' : ': bounded') : ' (kept by design)';
    lines.push(`data/${name}: ${from[name] ?? 0} -> ${mb} MB over the last third${judged}`);
    failed ||= unbounded;
  }
  if (rows.some((r) => r.pending > 0)) {
    lines.push('some orders were not final a minute after their minute');
    failed = true;
  }
  lines.push(failed ? 'soak FAILED' : 'soak passed');
  return { failed, lines };
}

function toCsv(rows) {
  const names = Object.keys(rows[0].rssMb);
  const stores = [...new Set(rows.flatMap((r) => Object.keys(r.dataMb)))];
  const header = [
    'minute',
    'sent',
    'accepted',
    'pending',
    'post_p95_ms',
    'saga_p50_ms',
    'saga_p95_ms',
    'cpu_ms_per_saga',
    ...names.map((n) => `rss_mb_${n}`),
    ...stores.map((s) => `data_mb_${s}`),
  ];
  const line = (r) =>
    [r.minute, r.sent, r.accepted, r.pending, r.postP95, r.sagaP50, r.sagaP95, r.cpuMsPerSaga]
      .map((v) => Math.round(v))
      .concat(
        names.map((n) => r.rssMb[n]),
        stores.map((s) => r.dataMb[s] ?? ''),
      );
  return [header, ...rows.map(line)].map((cells) => cells.join(',')).join('\n') + '\n';
}

async function drawChart(rows, pngPath) {
  const colors = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#b07aa1', '#9c755f', '#6b6ecf'];
  const latency = linesPanel({
    title: 'Saga time by minute',
    xLabel: 'minute',
    yLabel: 'ms',
    series: [
      { label: 'saga p50', color: '#1f4e79', points: rows.map((r) => [r.minute, r.sagaP50]) },
      { label: 'saga p95', color: '#1f4e79', dash: '6 4', points: rows.map((r) => [r.minute, r.sagaP95]) },
      { label: 'POST p95', color: '#c05a00', points: rows.map((r) => [r.minute, r.postP95]) },
    ],
  });
  const stores = Object.keys(rows.at(-1).dataMb).filter((name) => rows.at(-1).dataMb[name] >= 1);
  const data = linesPanel({
    title: 'Data folders by minute',
    xLabel: 'minute',
    yLabel: 'MB',
    series: stores.map((name, i) => ({ label: name, color: colors[i % colors.length], points: rows.map((r) => [r.minute, r.dataMb[name] ?? 0]) })),
  });
  try {
    await photograph(
      [latency, data],
      `${rate} orders/s for ${minutes} min, mixed tokens; ${cpus().length} CPUs (${cpus()[0]?.model}); whole stack on one machine`,
      pngPath,
    );
    log(`chart: ${pngPath}`);
  } catch (err) {
    log(`no chart (${String(err.message ?? err).split('\n')[0]}): set CHROMIUM_PATH to a Chromium or Chrome`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
