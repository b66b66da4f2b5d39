import { START, STEP_NAMES, type FinalStatus } from '../saga/steps.js';

export type SagaStatusName = 'RUNNING' | FinalStatus;

/** What the dashboard shows of one saga. */
export interface SagaSummary {
  orderId: string;
  status: SagaStatusName;
  /** The step the saga is in (running) or ended with; OrderPlaced before its first step. */
  step: string;
  attempt: number;
  reason?: string;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  /** When the current step began: how long this saga has been waiting there. */
  stepStartedAt: string;
}

export interface StepStats {
  step: string;
  inProgress: number;
  completed: number;
  failed: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface IndexSnapshot {
  sagas: SagaSummary[];
  completed: Record<string, number>;
  failed: Record<string, number>;
  durations: Record<string, number[]>;
}

const KEEP_SAGAS = 2000;
const KEEP_DURATIONS = 500;

/**
 * The orchestrator's view of recent sagas and of each step, for the dashboard and the gauges.
 * Dapr Workflow cannot list instances, so the orchestrator keeps this index itself, fed by the
 * same hooks that write the saga log, and snapshotted to its state store.
 */
export class SagaIndex {
  private readonly sagas = new Map<string, SagaSummary>();
  private completed: Record<string, number> = {};
  private failed: Record<string, number> = {};
  private durations: Record<string, number[]> = {};
  dirty = false;

  constructor(private readonly stuckAfterMs: number) {}

  restore(snapshot: IndexSnapshot): void {
    for (const saga of snapshot.sagas) this.sagas.set(saga.orderId, saga);
    this.completed = snapshot.completed;
    this.failed = snapshot.failed;
    this.durations = snapshot.durations;
  }

  snapshot(): IndexSnapshot {
    return { sagas: [...this.sagas.values()], completed: this.completed, failed: this.failed, durations: this.durations };
  }

  /**
   * Adds what another replica saw. Each step execution ran on one replica, so counts add up; one
   * saga's steps may run on several, so of its summaries the latest wins, with the earliest start.
   */
  absorb(other: IndexSnapshot): void {
    for (const saga of other.sagas) {
      const mine = this.sagas.get(saga.orderId);
      const latest = !mine || saga.updatedAt > mine.updatedAt ? saga : mine;
      const startedAt = mine && mine.startedAt < saga.startedAt ? mine.startedAt : saga.startedAt;
      this.sagas.set(saga.orderId, { ...latest, startedAt });
    }
    this.completed = addCounts(this.completed, other.completed);
    this.failed = addCounts(this.failed, other.failed);
    for (const [step, values] of Object.entries(other.durations)) {
      this.durations[step] = [...(this.durations[step] ?? []), ...values].slice(-KEEP_DURATIONS);
    }
    this.trim();
    this.dirty = true;
  }

  started(orderId: string, at: string): void {
    if (this.sagas.has(orderId)) return;
    this.sagas.set(orderId, { orderId, status: 'RUNNING', step: START, attempt: 1, startedAt: at, updatedAt: at, stepStartedAt: at });
    this.trim();
    this.dirty = true;
  }

  /** The saga is in `step`, at this attempt (the workflow counts them). */
  enterStep(orderId: string, step: string, attempt: number, at: string): void {
    const saga = this.sagaFor(orderId, at);
    const entering = saga.step !== step || attempt === 1;
    Object.assign(saga, { step, attempt, updatedAt: at, ...(entering && { stepStartedAt: at }) });
    this.dirty = true;
  }

  /** A step execution ended; `ms` feeds the step's percentiles when it succeeded. */
  stepEnded(step: string, succeeded: boolean, ms: number): void {
    const counts = succeeded ? this.completed : this.failed;
    counts[step] = (counts[step] ?? 0) + 1;
    if (succeeded) {
      const recent = (this.durations[step] ??= []);
      recent.push(ms);
      if (recent.length > KEEP_DURATIONS) recent.splice(0, recent.length - KEEP_DURATIONS);
    }
    this.dirty = true;
  }

  ended(orderId: string, status: FinalStatus, reason: string | undefined, at: string, startedAt = at): SagaSummary {
    const saga = this.sagaFor(orderId, startedAt);
    Object.assign(saga, { status, updatedAt: at, endedAt: at, ...(reason !== undefined && { reason }) });
    this.dirty = true;
    return saga;
  }

  /** Catches up with an end another replica recorded (its outcome step, when that began). */
  settle(orderId: string, step: string, status: FinalStatus, reason: string | undefined, at: string): void {
    const saga = this.sagas.get(orderId);
    if (!saga) return;
    Object.assign(saga, { step, status, updatedAt: at, endedAt: at, ...(reason !== undefined && { reason }) });
    this.dirty = true;
  }

  get(orderId: string): SagaSummary | undefined {
    return this.sagas.get(orderId);
  }

  isStuck(saga: SagaSummary, now = Date.now()): boolean {
    return saga.status === 'RUNNING' && now - Date.parse(saga.startedAt) > this.stuckAfterMs;
  }

  list(filter: { status?: string; step?: string; maxAgeMinutes?: number; limit?: number }, now = Date.now()): SagaSummary[] {
    return [...this.sagas.values()]
      .filter((s) => !filter.status || (filter.status === 'STUCK' ? this.isStuck(s, now) : s.status === filter.status))
      .filter((s) => !filter.step || s.step === filter.step)
      .filter((s) => !filter.maxAgeMinutes || now - Date.parse(s.startedAt) <= filter.maxAgeMinutes * 60_000)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
      .slice(0, filter.limit ?? 100);
  }

  counts(now = Date.now()): { running: number; stuck: number; byStatus: Record<string, number> } {
    const byStatus: Record<string, number> = {};
    let stuck = 0;
    for (const saga of this.sagas.values()) {
      byStatus[saga.status] = (byStatus[saga.status] ?? 0) + 1;
      if (this.isStuck(saga, now)) stuck++;
    }
    return { running: byStatus.RUNNING ?? 0, stuck, byStatus };
  }

  /** Per saga step: sagas in it now, executions completed and failed, and how long it takes. */
  stepStats(): StepStats[] {
    const inProgress: Record<string, number> = {};
    for (const saga of this.sagas.values()) {
      if (saga.status === 'RUNNING') inProgress[saga.step] = (inProgress[saga.step] ?? 0) + 1;
    }
    return STEP_NAMES.map((step) => ({
      step,
      inProgress: inProgress[step] ?? 0,
      completed: this.completed[step] ?? 0,
      failed: this.failed[step] ?? 0,
      p50Ms: percentile(this.durations[step], 0.5),
      p95Ms: percentile(this.durations[step], 0.95),
    }));
  }

  private sagaFor(orderId: string, at: string): SagaSummary {
    const saga = this.sagas.get(orderId);
    if (saga) return saga;
    // A saga that started before this index knew of it (an older orchestrator, a lost snapshot).
    this.started(orderId, at);
    return this.sagas.get(orderId)!;
  }

  private trim(): void {
    if (this.sagas.size <= KEEP_SAGAS) return;
    const oldestFinished = [...this.sagas.values()].filter((s) => s.status !== 'RUNNING').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (const saga of oldestFinished.slice(0, this.sagas.size - KEEP_SAGAS)) this.sagas.delete(saga.orderId);
  }
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const sum = { ...a };
  for (const [key, n] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

export function percentile(values: number[] | undefined, p: number): number | null {
  if (!values?.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
