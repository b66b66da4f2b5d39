import type { Logger } from '@ticket-saga/service-kit';
import type { FinalStatus } from '../saga/saga-types.js';
import type { SagaLog } from '../saga-log/saga-log.js';
import type { SagaIndex } from './saga-index.js';
import type { SagaMetrics } from './saga-metrics.js';
import { AWAIT_PAYMENT, COMPENSATIONS, OUTCOME_STEPS } from './saga-steps.js';

const seconds = (ms: number) => ms / 1000;
const elapsedMs = (from: string, to: string) => Date.parse(to) - Date.parse(from);

/**
 * Everything the orchestrator observes of its sagas goes through here once, and fans out to the
 * saga log (persisted history), the index (dashboard) and the Prometheus metrics.
 */
export class SagaMonitor {
  constructor(
    private readonly sagaLog: SagaLog,
    private readonly index: SagaIndex,
    private readonly metrics: SagaMetrics,
    private readonly logger: Logger,
  ) {}

  async orderPlaced(orderId: string, at: string, started: boolean): Promise<void> {
    if (started) this.index.started(orderId, at);
    await this.sagaLog.append(orderId, {
      at,
      kind: 'event',
      step: 'OrderPlaced',
      outcome: started ? 'received' : 'ignored',
      ...(!started && { detail: 'duplicate: the saga already exists' }),
    });
  }

  stepStarted(orderId: string, step: string, at: string): void {
    const current = this.index.get(orderId);
    if (current?.step === AWAIT_PAYMENT && current.status === 'RUNNING') {
      // The saga stopped waiting without a result: the payment timed out.
      const waited = elapsedMs(current.stepStartedAt, at);
      this.index.stepEnded(AWAIT_PAYMENT, false, waited);
      this.metrics.steps.inc({ step: AWAIT_PAYMENT, outcome: 'timed_out' });
    }
    if (this.index.enterStep(orderId, step, at) > 1) this.metrics.retries.inc({ step });
  }

  async stepSucceeded(orderId: string, step: string, at: string, durationMs: number, input: unknown, detail?: string): Promise<void> {
    this.recordStep(step, 'succeeded', durationMs);
    if (COMPENSATIONS.has(step)) this.metrics.compensations.inc({ step });
    await this.sagaLog.append(orderId, { at, kind: 'command', step, outcome: 'succeeded', durationMs, ...(detail && { detail }) });
    const ended = new Date().toISOString();
    if (step === 'requestPayment') this.index.enterStep(orderId, AWAIT_PAYMENT, ended);
    const outcome = OUTCOME_STEPS[step];
    if (outcome) this.sagaEnded(orderId, outcome, (input as { reason?: string } | undefined)?.reason, ended);
  }

  async stepFailed(orderId: string, step: string, at: string, durationMs: number, error: string): Promise<void> {
    this.recordStep(step, 'failed', durationMs);
    await this.sagaLog.append(orderId, { at, kind: 'command', step, outcome: 'failed', durationMs, detail: error });
  }

  async paymentProcessed(orderId: string, at: string, delivered: boolean, outcome: string): Promise<void> {
    const saga = this.index.get(orderId);
    if (delivered && saga?.step === AWAIT_PAYMENT) {
      const waited = elapsedMs(saga.stepStartedAt, at);
      this.index.stepEnded(AWAIT_PAYMENT, true, waited);
      this.metrics.steps.inc({ step: AWAIT_PAYMENT, outcome: 'succeeded' });
      this.metrics.paymentWait.observe(seconds(waited));
      this.index.enterStep(orderId, 'PaymentProcessed', at);
    }
    await this.sagaLog.append(orderId, {
      at,
      kind: 'event',
      step: 'PaymentProcessed',
      outcome: delivered ? 'received' : 'ignored',
      detail: delivered ? outcome : `${outcome}, after the saga had finished`,
    });
  }

  private recordStep(step: string, outcome: 'succeeded' | 'failed', durationMs: number): void {
    this.index.stepEnded(step, outcome === 'succeeded', durationMs);
    this.metrics.steps.inc({ step, outcome });
    this.metrics.stepDuration.observe({ step, outcome }, seconds(durationMs));
  }

  private sagaEnded(orderId: string, status: FinalStatus, reason: string | undefined, at: string): void {
    const saga = this.index.ended(orderId, status, reason, at);
    this.metrics.sagaDuration.observe({ outcome: status }, seconds(elapsedMs(saga.startedAt, at)));
    if (status !== 'COMPLETED') this.metrics.sagaFailures.inc({ reason: status });
    this.logger.info({ orderId, status, reason, ms: elapsedMs(saga.startedAt, at) }, 'saga ended');
  }
}
