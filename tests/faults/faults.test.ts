import { sleep } from '@ticket-saga/service-kit';
import { spawnSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createItem } from '../integration/support/api.js';
import { crash, stackPid } from '../integration/support/stack.js';
import { APPS, replicaNames } from '../../tools/stack/src/topology.js';
import { checkInvariants } from './invariants.js';
import { steadyLoad } from './load.js';

const ROOT = join(import.meta.dirname, '..', '..');
const RATE = Number(process.env.FAULTS_RATE ?? 5);
const SECONDS = Number(process.env.FAULTS_SECONDS ?? 20);
/** Every accepted order must be final this long after the load: the handoff re-drives within 30 s. */
const BOUND_SECONDS = Number(process.env.FAULTS_BOUND_SECONDS ?? 120);
const STOCK = 1000;
/** Runs every case this many times in a row (with -t to pick one: a fault that strands an order now and then). */
const REPEAT = Number(process.env.FAULTS_REPEAT ?? 1);

/** Freezes a process of the stack (SIGSTOP): it is down, and its connections hang, until thawed. */
async function freeze(name: string, seconds: number): Promise<void> {
  const pid = stackPid(name);
  process.kill(-pid, 'SIGSTOP');
  await sleep(seconds * 1000);
  process.kill(-pid, 'SIGCONT');
}

function stack(command: 'up' | 'down'): void {
  const run = spawnSync(process.execPath, [join(ROOT, 'tools', 'stack', 'dist', 'cli.js'), command], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`stack ${command} failed (exit ${run.status})`);
}

/** The first replica of each app, and its sidecar. */
const PROCESSES = ['kafka', 'sentry', 'placement', 'scheduler', ...APPS.flatMap((app) => [app.id, `${app.id}-dapr`])];
/** With STACK_REPLICAS above 1: the last replica of each app, killed with its sidecar while the others serve. */
const LAST_REPLICAS = APPS.map((app) => replicaNames(app.id).at(-1)!).filter((name) => name.includes('-'));

interface Case {
  name: string;
  fault: () => Promise<void>;
  /** The app keeps serving through the fault: most orders are accepted. */
  serving?: boolean;
}

const CASES: Case[] = [
  ...PROCESSES.map((name) => ({ name: `kill -9 ${name}`, fault: async () => void (await sleep(3000), crash(name)) })),
  ...LAST_REPLICAS.map((name) => ({
    name: `kill -9 ${name} and ${name}-dapr (one replica of two)`,
    fault: async () => void (await sleep(3000), crash(name), crash(`${name}-dapr`)),
    serving: true,
  })),
  { name: 'broker down 30 s', fault: async () => (await sleep(3000), freeze('kafka', 30)) },
  { name: 'payment app down 30 s', fault: async () => (await sleep(3000), freeze('payment', 30)) },
  { name: 'scheduler restarted', fault: async () => void (await sleep(3000), process.kill(-stackPid('scheduler'), 'SIGTERM')) },
  { name: 'whole stack stopped and started', fault: async () => (await sleep(8000), stack('down'), stack('up')) },
];

const table: string[] = [];

describe('no accepted order is stranded, whatever crashes', () => {
  const runs = CASES.flatMap((c) => Array.from({ length: REPEAT }, (_, i) => ({ ...c, run: REPEAT > 1 ? ` (run ${i + 1} of ${REPEAT})` : '' })));
  it.each(runs.map((c) => [`${c.name}, under a steady load${c.run}`, c] as const))('%s', async (_, { name, fault, serving }) => {
    const itemId = await createItem(STOCK);

    const load = await steadyLoad(itemId, RATE, SECONDS, fault);
    const verdict = await checkInvariants(itemId, STOCK, load.accepted, BOUND_SECONDS);

    const outcomes = Object.entries(verdict.outcomes)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ');
    table.push(
      `| ${name} | ${load.accepted.length} accepted, ${load.refused} refused | ${outcomes} | ${verdict.drainSeconds} | ${verdict.violations.length ? verdict.violations.slice(0, 3).join('; ') : 'all hold'} |`,
    );
    // The stack's logs start afresh with every restart: keep them with the case that failed.
    if (verdict.violations.length) cpSync(join(ROOT, '.run', 'logs'), join(ROOT, '.run', 'faults', name.replace(/\W+/g, '-')), { recursive: true });
    expect(load.accepted.length).toBeGreaterThan(serving ? (RATE * SECONDS) / 2 : 0);
    expect(verdict.violations).toEqual([]);
  });

  afterAll(() => {
    const text = [
      `Fault suite: ${RATE} orders/s for ${SECONDS} s per case (mixed tokens), fault 3 s in; every accepted order must be final within ${BOUND_SECONDS} s.`,
      '',
      '| case | orders | outcomes | s to drain after the load | invariants |',
      '|---|---|---|---|---|',
      ...table,
    ].join('\n');
    console.log(`\n${text}\n`);
    writeFileSync(join(ROOT, '.run', 'faults.md'), `${text}\n`);
  });
});
