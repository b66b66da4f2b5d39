import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'tools', 'stack', 'dist', 'cli.js');

/**
 * Settings for a stack these tests start: short timeouts and backoffs so that the timeout and
 * retry flows take seconds. A stack that is reused keeps its own; the tests read them.
 */
const FAST_SAGAS = {
  PAYMENT_TIMEOUT_SECONDS: '15',
  SAGA_RETRY_MAX_ATTEMPTS: '4',
  SAGA_RETRY_FIRST_DELAY_SECONDS: '0.5',
  SAGA_RETRY_MAX_DELAY_SECONDS: '2',
};

const stack = (command: string) => spawnSync(process.execPath, [CLI, command], { cwd: ROOT, stdio: 'inherit', env: { ...FAST_SAGAS, ...process.env } });

/** Set when this run brought the stack up: how global-teardown.ts takes it down again. */
const TAKE_DOWN = Symbol.for('ticket-saga.take-the-stack-down');

/**
 * Integration tests run on the real local stack: reused when it is already up (a developer's
 * `npm run up`), otherwise brought up here and down again at the end (global-teardown.ts).
 */
export default function setup(): void {
  if (stack('status').status === 0) return;
  const up = stack('up');
  if (up.status !== 0) throw new Error(`the local stack did not come up (exit ${up.status}); see .run/logs/`);
  (globalThis as Record<symbol, unknown>)[TAKE_DOWN] = () => stack('down');
}
