import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { STATUS_FILE, SUPERVISOR_PID_FILE } from './paths.js';

export interface StackStatus {
  state: 'starting' | 'healthy' | 'failed' | 'stopped';
  pid: number;
  message?: string;
  urls?: string[];
  startedMs?: number;
}

export function writeStatus(status: StackStatus): void {
  writeFileSync(STATUS_FILE, JSON.stringify(status, null, 2));
}

export function readStatus(): StackStatus | undefined {
  try {
    return JSON.parse(readFileSync(STATUS_FILE, 'utf8')) as StackStatus;
  } catch {
    return undefined;
  }
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid of a supervisor that is still running, if any. */
export function runningSupervisor(): number | undefined {
  if (!existsSync(SUPERVISOR_PID_FILE)) return undefined;
  const pid = Number(readFileSync(SUPERVISOR_PID_FILE, 'utf8'));
  return isAlive(pid) ? pid : undefined;
}
