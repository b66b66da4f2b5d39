import type { SagaLogEntry } from '@ticket-saga/contracts';
import type { Logger } from '@ticket-saga/service-kit';
import type { WaitEnd } from '../saga/activity-envelope.js';
import { isStep, roleOf, START, statusOf, waitAfter, type FinalStatus, type StepName } from '../saga/steps.js';
import type { SagaIndex } from './saga-index.js';
import type { SagaLog } from './saga-log.js';
import type { SagaMetrics } from './saga-metrics.js';
import type { OrderProjection } from './order-projection.js';

const seconds = (ms: number) => ms / 1000;
const elapsedMs = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/** What the workflow told about one run of a step (its envelope), and how the run went. */
export interface StepRun {
  orderId: string;
  step: StepName;
  attempt: number;
  at: string;
  /** Outcome steps: why the saga ends. */
  reason?: string;
  /** The first step after a wait: how the wait ended. */
  afterWait?: WaitEnd;
  /** Outcome steps: when the saga began, by the workflow's clock. */
  sagaStartedAt?: string;
}

/**
 * Everything the orchestrator observes of its sagas goes through here once, and fans out to the
 * saga log (persisted history), the index (dashboard) and the Prometheus metrics. It records what
 * the workflow tells; what it does with a step depends on the step's role in steps.ts.
 */
export class SagaMonitor {
  constructor(
    private readonly sagaLog: SagaLog,
    private readonly index: SagaIndex,
    private readonly metrics: SagaMetrics,
    private readonly orders: Pick<OrderProjection, 'report'>,
    private readonly logger: Logger,
  ) {}

  /**
   * Did this saga end, by its log? Its workflow may be gone: finished workflows are purged after
   * SAGA_RETENTION, and Dapr would start a purged id afresh.
   */
  async hasEnded(orderId: string): Promise<boolean> {
    return (await this.loggedEnd(orderId)) !== undefined;
  }

  /** The saga's outcome step, as its log recorded it. */
  async loggedEnd(orderId: string): Promise<SagaLogEntry | undefined> {
    const entries = (await this.sagaLog.read(orderId)) ?? [];
    return entries.find(({ kind, step, outcome }) => kind === 'command' && outcome === 'succeeded' && isStep(step) && roleOf(step) === 'outcome');
  }

  async orderPlaced(orderId: string, at: string, started: boolean): Promise<void> {
    if (started) this.index.started(orderId, at);
    else this.reportAgain(orderId);
    await this.log(orderId, {
      at,
      kind: 'event',
      step: 'OrderPlaced',
      outcome: started ? 'received' : 'ignored',
      ...(!started && { detail: 'duplicate: the saga already exists' }),
    });
  }

  stepStarted({ orderId, step, attempt, at, afterWait }: StepRun): void {
    // A retry carries the same news of the wait: it is counted on the first attempt only.
    if (afterWait && attempt === 1) this.waitEnded(orderId, afterWait, at);
    this.enterStep(orderId, step, attempt, at);
    if (attempt > 1) this.metrics.retries.inc({ step });
  }

  async stepSucceeded(run: StepRun, durationMs: number, detail?: string): Promise<void> {
    const { orderId, step, attempt, at } = run;
    this.recordStep(step, 'succeeded', durationMs);
    if (roleOf(step) === 'compensation') this.metrics.compensations.inc({ step });
    await this.log(orderId, { at, kind: 'command', step, attempt, outcome: 'succeeded', durationMs, ...(detail && { detail }) });
    const ended = new Date().toISOString();
    const wait = waitAfter(step);
    if (wait) this.enterStep(orderId, wait, 1, ended);
    const status = statusOf(step);
    if (status) this.sagaEnded(orderId, status, run.reason, ended, run.sagaStartedAt);
  }

  async stepFailed({ orderId, step, attempt, at }: StepRun, durationMs: number, error: string): Promise<void> {
    this.recordStep(step, 'failed', durationMs);
    await this.log(orderId, { at, kind: 'command', step, attempt, outcome: 'failed', durationMs, detail: error });
  }

  /** The result a waiting saga waits for; `delivered` when it was raised into a running saga. */
  async paymentProcessed(orderId: string, at: string, delivered: boolean, outcome: string): Promise<void> {
    await this.log(orderId, {
      at,
      kind: 'event',
      step: 'PaymentProcessed',
      outcome: delivered ? 'received' : 'ignored',
      detail: delivered ? outcome : `${outcome}, after the saga had finished`,
    });
  }

  /** A saga whose end was not observed (the orchestrator died before recording it, an operator terminated it). */
  async endRecovered(orderId: string, status: FinalStatus, reason: string | undefined): Promise<void> {
    const at = new Date().toISOString();
    this.sagaEnded(orderId, status, reason, at);
    await this.log(orderId, {
      at,
      kind: 'event',
      step: 'SagaEnded',
      outcome: 'received',
      detail: `${status}${reason ? `: ${reason}` : ''} (recovered from the workflow)`,
    });
  }

  /**
   * How long the saga waited, once the workflow tells how the wait ended. The workflow tells when
   * the wait began; a history from before it did is measured from the step this replica saw begin.
   */
  private waitEnded(orderId: string, { step, outcome, since }: WaitEnd, at: string): void {
    const saga = this.index.get(orderId);
    const began = since ?? (saga?.step === step ? saga.stepStartedAt : undefined);
    if (!began) return;
    const waited = elapsedMs(began, at);
    const received = outcome === 'received';
    this.index.stepEnded(step, received, waited);
    this.metrics.steps.inc({ step, outcome: received ? 'succeeded' : 'timed_out' });
    if (received) this.metrics.paymentWait.observe(seconds(waited));
  }

  private enterStep(orderId: string, step: StepName, attempt: number, at: string): void {
    this.index.enterStep(orderId, step, attempt, at);
    this.orders.report(orderId, { step, attempt, at });
  }

  /** A repeated OrderPlaced means the order has not heard of its saga: tell it again. */
  private reportAgain(orderId: string): void {
    const saga = this.index.get(orderId);
    if (saga && saga.step !== START) this.orders.report(orderId, { step: saga.step, attempt: saga.attempt, at: saga.updatedAt });
  }

  private recordStep(step: StepName, outcome: 'succeeded' | 'failed', durationMs: number): void {
    this.index.stepEnded(step, outcome === 'succeeded', durationMs);
    this.metrics.steps.inc({ step, outcome });
    this.metrics.stepDuration.observe({ step, outcome }, seconds(durationMs));
  }

  /** `startedAt`: the workflow's own start, when it told; else when this replica saw the saga begin. */
  private sagaEnded(orderId: string, status: FinalStatus, reason: string | undefined, at: string, startedAt?: string): void {
    const saga = this.index.ended(orderId, status, reason, at, startedAt);
    const ms = elapsedMs(startedAt ?? saga.startedAt, at);
    this.metrics.sagaDuration.observe({ outcome: status }, seconds(ms));
    if (status !== 'COMPLETED') this.metrics.sagaFailures.inc({ reason: status });
    this.logger.info({ orderId, status, reason, ms }, 'saga ended');
  }

  private log(orderId: string, entry: Omit<SagaLogEntry, 'attempt'> & { attempt?: number }): Promise<void> {
    return this.sagaLog.append(orderId, { attempt: 1, ...entry });
  }
}
