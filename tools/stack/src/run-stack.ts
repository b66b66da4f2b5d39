import { mkdirSync, writeFileSync } from 'node:fs';
import { prepareKafka } from './kafka-storage.js';
import { DATA_DIR, RUN_DIR, SUPERVISOR_PID_FILE } from './paths.js';
import { writeStatus } from './status-file.js';
import { StackError, Supervisor } from './supervisor.js';
import { localStack } from './topology.js';

const HEALTH_TIMEOUT_MS = Number(process.env.STACK_HEALTH_TIMEOUT_SECONDS ?? 120) * 1000;

const say = (line: string) => process.stdout.write(`\x1b[1m[stack]\x1b[0m ${line}\n`);

/**
 * Runs the whole local stack until a signal or a crash. Returns the exit code: 0 after a clean
 * stop on request, 1 when something failed (and by then everything is stopped).
 */
export async function runStack(echo: boolean): Promise<number> {
  mkdirSync(DATA_DIR, { recursive: true });
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(SUPERVISOR_PID_FILE, String(process.pid));
  writeStatus({ state: 'starting', pid: process.pid });

  const specs = localStack();
  const supervisor = new Supervisor(specs, { echo, healthTimeoutMs: HEALTH_TIMEOUT_MS });
  const stopRequested = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

  const began = Date.now();
  try {
    await supervisor.checkPorts();
    prepareKafka();
    say(`starting ${specs.length} processes (logs in .run/logs/)`);
    await Promise.race([
      supervisor.startAll((spec, ms) => say(`${spec.name} healthy in ${(ms / 1000).toFixed(1)}s`)),
      stopRequested.then(() => {
        throw new StackError('interrupted while starting');
      }),
    ]);
  } catch (err) {
    const message = describeFailure(err, supervisor);
    say(`\x1b[31mfailed:\x1b[0m ${message}`);
    await supervisor.stopAll();
    writeStatus({ state: 'failed', pid: process.pid, message });
    return 1;
  }

  const urls = specs.flatMap((s) => (s.url ? [`${s.name.padEnd(13)} ${s.url}`] : []));
  const startedMs = Date.now() - began;
  writeStatus({ state: 'healthy', pid: process.pid, urls, startedMs });
  say(`all healthy in ${(startedMs / 1000).toFixed(1)}s\n${urls.map((u) => `    ${u}`).join('\n')}`);

  const reason = await Promise.race([stopRequested.then((s) => ({ signal: s })), supervisor.keepAlive().then((name) => ({ crashed: name }))]);
  if ('crashed' in reason) say(`\x1b[31m${reason.crashed} keeps crashing\x1b[0m:\n${supervisor.logTail(reason.crashed)}`);
  say('stopping');
  await supervisor.stopAll();
  writeStatus({ state: 'stopped', pid: process.pid });
  say('stopped');
  return 'crashed' in reason ? 1 : 0;
}

function describeFailure(err: unknown, supervisor: Supervisor): string {
  if (!(err instanceof StackError)) return String(err);
  const culprit = /^(\S+) (exited|not healthy)/.exec(err.message)?.[1];
  return culprit ? `${err.message}; last lines of its log:\n${supervisor.logTail(culprit)}` : err.message;
}
