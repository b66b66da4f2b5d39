#!/usr/bin/env node
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sleep } from './health.js';
import { CHILD_PIDS_FILE, DAPR_BIN_DIR, DATA_DIR, ROOT, RUN_DIR } from './paths.js';
import { runStack } from './run-stack.js';
import { SIDECAR_MTLS, underDaprCli } from './topology.js';
import { isAlive, readStatus, runningSupervisor } from './status-file.js';
import { postgresDataDir } from './stores.js';

const say = (line: string) => process.stdout.write(`\x1b[1m[stack]\x1b[0m ${line}\n`);
const UP_TIMEOUT_MS = 300_000;

/** Installs (or finds in the cache) daprd, placement, scheduler and Kafka. */
function ensureRuntime(): void {
  for (const part of ['kafka.sh', 'dapr.sh']) {
    execFileSync('bash', [join(ROOT, 'scripts', 'install', part)], { stdio: 'inherit' });
  }
}

function refuseIfRunning(): void {
  const pid = runningSupervisor();
  if (pid) throw new Error(`the stack is already running (supervisor pid ${pid}); 'npm run down' stops it`);
}

async function start(): Promise<number> {
  refuseIfRunning();
  ensureRuntime();
  return runStack(true);
}

/** Starts the stack in the background and returns once it is healthy, or failed. */
async function up(): Promise<number> {
  refuseIfRunning();
  ensureRuntime();
  mkdirSync(RUN_DIR, { recursive: true });
  const log = openSync(join(RUN_DIR, 'supervisor.log'), 'w');
  const child = spawn(process.execPath, [process.argv[1]!, 'supervise'], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  const deadline = Date.now() + UP_TIMEOUT_MS;
  say(`starting in the background (pid ${child.pid}); progress in .run/supervisor.log`);
  while (Date.now() < deadline) {
    await sleep(500);
    const current = readStatus();
    if (current && current.pid === child.pid && current.state === 'healthy') {
      say(`all healthy in ${((current.startedMs ?? 0) / 1000).toFixed(1)}s\n${(current.urls ?? []).map((u) => `    ${u}`).join('\n')}`);
      return 0;
    }
    if (current && current.pid === child.pid && current.state === 'failed') {
      say(`\x1b[31mfailed:\x1b[0m ${current.message}`);
      return 1;
    }
    if (!isAlive(child.pid)) {
      say(`\x1b[31mthe supervisor died\x1b[0m:\n${readFileSync(join(RUN_DIR, 'supervisor.log'), 'utf8').slice(-3000)}`);
      return 1;
    }
  }
  say(`not healthy after ${UP_TIMEOUT_MS / 1000}s, stopping`);
  await down();
  return 1;
}

/** Stops the background stack and makes sure none of its processes is left. */
async function down(): Promise<number> {
  const pid = runningSupervisor();
  if (pid) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 90_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  }
  const leftovers = killLeftovers();
  say(
    pid ? `stopped${leftovers ? ` (and ${leftovers} leftover processes)` : ''}` : leftovers ? `killed ${leftovers} leftover processes` : 'nothing was running',
  );
  return 0;
}

function killLeftovers(): number {
  if (!existsSync(CHILD_PIDS_FILE)) return 0;
  const children = JSON.parse(readFileSync(CHILD_PIDS_FILE, 'utf8')) as Array<{ pid?: number }>;
  let killed = 0;
  for (const { pid } of children) {
    if (!isAlive(pid)) continue;
    try {
      process.kill(-pid!, 'SIGKILL');
      killed++;
    } catch {
      // Gone meanwhile.
    }
  }
  return killed;
}

function status(): number {
  const pid = runningSupervisor();
  const current = readStatus();
  if (!pid || !current) {
    say('not running');
    return 3;
  }
  say(`${current.state} (supervisor pid ${pid})${current.urls ? `\n${current.urls.map((u) => `    ${u}`).join('\n')}` : ''}`);
  return current.state === 'healthy' ? 0 : 1;
}

/** Deletes orders, stock, payments, saga history and Kafka topics: a fresh start. */
function wipe(): number {
  refuseIfRunning();
  rmSync(DATA_DIR, { recursive: true, force: true });
  say(`wiped ${DATA_DIR}`);
  // Run by root, STACK_STORE=postgres keeps its data where the server's own user can reach it.
  const postgres = postgresDataDir();
  if (!postgres.startsWith(DATA_DIR) && existsSync(postgres)) {
    rmSync(postgres, { recursive: true, force: true });
    say(`wiped ${postgres}`);
  }
  return 0;
}

/** A value for a POSIX shell, single-quoted. */
const shellQuoted = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * `dapr run -f .` (dapr.yaml) starts the daprd of its runtime folder, a shell wrapper that
 * `npm run setup` writes: it evaluates these lines, then execs daprd with its arguments and the
 * stack's mTLS flags, so that the CLI stops daprd itself, not a wrapper around it.
 */
function daprdEnv(): number {
  const args = process.argv.slice(3);
  const appId = args[args.indexOf('--app-id') + 1] ?? '';
  const env = { ...underDaprCli(appId).sidecarEnv(), DAPRD: join(DAPR_BIN_DIR, 'daprd'), DAPRD_MTLS: SIDECAR_MTLS.join(' ') };
  process.stdout.write(
    Object.entries(env)
      .map(([name, value]) => `export ${name}=${shellQuoted(value)}\n`)
      .join(''),
  );
  return 0;
}

/** `dapr run -f .` (dapr.yaml): an app with the ports and tokens the stack gives it, run in this process. */
async function app(): Promise<number | undefined> {
  const { app } = underDaprCli(process.argv[3] ?? '');
  Object.assign(process.env, typeof app.env === 'function' ? app.env() : app.env);
  await import(pathToFileURL(app.args.at(-1)!).href);
  return undefined;
}

/** A command that resolves with undefined keeps running: the app it started lives in this process. */
const commands: Record<string, () => number | undefined | Promise<number | undefined>> = {
  start,
  up,
  down,
  status,
  wipe,
  supervise: () => runStack(false),
  'daprd-env': daprdEnv,
  app,
};

const command = commands[process.argv[2] ?? ''];
if (!command) {
  process.stderr.write(`usage: cli.js <${Object.keys(commands).join('|')}>\n`);
  process.exit(2);
}
Promise.resolve()
  .then(command)
  .then((code) => code !== undefined && process.exit(code))
  .catch((err: unknown) => {
    process.stderr.write(`\x1b[31m[stack] ${err instanceof Error ? err.message : String(err)}\x1b[0m\n`);
    process.exit(1);
  });
