import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHILDREN_FILE = join(import.meta.dirname, '..', '..', '..', '.run', 'children.json');

/** The pid of a process of the local stack, as its supervisor recorded it. */
export function stackPid(name: string): number {
  const children = JSON.parse(readFileSync(CHILDREN_FILE, 'utf8')) as Array<{ name: string; pid: number }>;
  const child = children.find((c) => c.name === name);
  if (!child) throw new Error(`no process named ${name} in ${CHILDREN_FILE}`);
  return child.pid;
}

/** Kills a process of the stack the hard way; its supervisor restarts it. */
export function crash(name: string): number {
  const pid = stackPid(name);
  process.kill(-pid, 'SIGKILL');
  return pid;
}

export async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

/** Runs `work` while processes of the stack are stopped (SIGSTOP), then lets them go on. */
export async function whileFrozen<T>(names: string[], work: () => Promise<T>): Promise<T> {
  const pids = names.map(stackPid);
  for (const pid of pids) process.kill(-pid, 'SIGSTOP');
  try {
    return await work();
  } finally {
    for (const pid of pids) process.kill(-pid, 'SIGCONT');
  }
}
