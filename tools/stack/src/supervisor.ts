import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { isHealthy, portFree, sleep } from './health.js';
import { humanize, prefixer } from './log-lines.js';
import { CHILD_PIDS_FILE, LOG_DIR, ROOT } from './paths.js';
import type { ProcessSpec } from './topology.js';

const MAX_RESTARTS = 5;

export class StackError extends Error {
  override readonly name = 'StackError';
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  log: WriteStream;
  exited: Promise<number | null>;
  exitCode?: number | null;
}

export interface SupervisorOptions {
  /** Echo every process's output, prefixed, on this process's stdout. */
  echo: boolean;
  healthTimeoutMs: number;
}

/** Starts processes in dependency order, waits for their health, and stops them in reverse. */
export class Supervisor {
  private readonly running = new Map<string, Running>();
  private readonly restarts = new Map<string, number[]>();
  private stopping = false;
  /** Once everything is up, a process that dies is restarted, as a cluster would. */
  private restartOnExit = false;
  private giveUp!: (name: string) => void;
  private readonly gaveUp = new Promise<string>((resolve) => (this.giveUp = resolve));
  private readonly prefix: (name: string) => string;

  constructor(
    private readonly specs: ProcessSpec[],
    private readonly options: SupervisorOptions,
  ) {
    this.prefix = prefixer(specs.map((s) => s.name));
  }

  async checkPorts(): Promise<void> {
    const taken: string[] = [];
    for (const spec of this.specs) {
      for (const [port, purpose] of Object.entries(spec.ports)) {
        if (!(await portFree(Number(port)))) taken.push(`  ${port} (${purpose})`);
      }
    }
    if (taken.length) {
      throw new StackError(`ports already in use, stop what holds them (or run 'npm run down'):\n${taken.join('\n')}`);
    }
  }

  /** Resolves once every process is healthy; throws, naming the culprit, as soon as one fails. */
  async startAll(onHealthy: (spec: ProcessSpec, ms: number) => void): Promise<void> {
    mkdirSync(LOG_DIR, { recursive: true });
    const healthy = new Map<string, Promise<void>>();
    for (const spec of this.specs) {
      const deps = spec.dependsOn.map((name) => healthy.get(name) ?? Promise.resolve());
      healthy.set(
        spec.name,
        Promise.all(deps).then(async () => {
          const started = Date.now();
          this.spawn(spec);
          await this.waitHealthy(spec);
          onHealthy(spec, Date.now() - started);
        }),
      );
    }
    await Promise.all(healthy.values());
  }

  /**
   * Restarts processes that die from now on; resolves with the name of one that keeps dying
   * (more than MAX_RESTARTS within a minute), which is the stack's cue to stop.
   */
  keepAlive(): Promise<string> {
    this.restartOnExit = true;
    return this.gaveUp;
  }

  private onUnexpectedExit(spec: ProcessSpec): void {
    if (!this.restartOnExit) return;
    const now = Date.now();
    const recent = (this.restarts.get(spec.name) ?? []).filter((at) => now - at < 60_000);
    if (recent.length >= MAX_RESTARTS) return this.giveUp(spec.name);
    this.restarts.set(spec.name, [...recent, now]);
    this.echo(spec.name, `restarting (${recent.length + 1} in the last minute)`);
    setTimeout(() => {
      if (!this.stopping) this.spawn(spec);
    }, 1000);
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    for (const spec of [...this.specs].reverse()) {
      const running = this.running.get(spec.name);
      if (!running || running.exitCode !== undefined) continue;
      signalGroup(running.child, 'SIGTERM');
      const stopped = await Promise.race([running.exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!stopped) {
        signalGroup(running.child, 'SIGKILL');
        await running.exited;
      }
    }
    writeFileSync(CHILD_PIDS_FILE, '[]');
  }

  logTail(name: string, lines = 30): string {
    try {
      return readFileSync(join(LOG_DIR, `${name}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  private spawn(spec: ProcessSpec): void {
    if (this.stopping) throw new StackError('stack is stopping');
    // Appended on restarts, so that the log of the run that died is kept.
    const log = createWriteStream(join(LOG_DIR, `${spec.name}.log`), { flags: this.running.has(spec.name) ? 'a' : 'w' });
    const child = spawn(spec.command, spec.args, {
      cwd: ROOT,
      env: { ...process.env, ...(typeof spec.env === 'function' ? spec.env() : spec.env) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that stopping it reaches anything it spawned.
      detached: true,
    });
    const running: Running = {
      spec,
      child,
      log,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          running.exitCode = code ?? (signal ? -1 : null);
          if (!this.stopping) {
            this.echo(spec.name, `exited (${signal ?? `code ${code}`})`);
            this.onUnexpectedExit(spec);
          }
          resolve(running.exitCode);
        });
        child.once('error', (err) => {
          log.write(`failed to start ${spec.command}: ${err.message}\n`);
          running.exitCode = -1;
          resolve(-1);
        });
      }),
    };
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream! }).on('line', (line) => {
        log.write(`${line}\n`);
        if (!spec.chatter?.test(line)) this.echo(spec.name, humanize(line));
      });
    }
    this.running.set(spec.name, running);
    this.recordPids();
  }

  private async waitHealthy(spec: ProcessSpec): Promise<void> {
    const deadline = Date.now() + this.options.healthTimeoutMs;
    const running = this.running.get(spec.name)!;
    while (!(await isHealthy(spec.health))) {
      if (running.exitCode !== undefined) {
        throw new StackError(`${spec.name} exited (code ${running.exitCode}) before it was healthy`);
      }
      if (Date.now() > deadline) {
        throw new StackError(`${spec.name} not healthy after ${this.options.healthTimeoutMs / 1000}s`);
      }
      await sleep(250);
    }
  }

  private echo(name: string, line: string): void {
    if (this.options.echo) process.stdout.write(`${this.prefix(name)}${line}\n`);
  }

  /** Lets `npm run down` clean up even if this supervisor dies without stopping its children. */
  private recordPids(): void {
    const pids = [...this.running.values()].map((r) => ({ name: r.spec.name, pid: r.child.pid }));
    writeFileSync(CHILD_PIDS_FILE, JSON.stringify(pids));
  }
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
