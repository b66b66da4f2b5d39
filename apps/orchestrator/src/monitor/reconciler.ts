import type { Logger } from '@ticket-saga/service-kit';
import type { SagaService } from '../engine/saga.service.js';
import type { SagaIndex } from './saga-index.js';
import type { SagaMonitor } from './saga-monitor.js';

/**
 * Brings the monitor back in line with the workflows: a saga that ended while its end was not
 * observed (the orchestrator died between the outcome and the next snapshot, or an operator
 * terminated it) would otherwise look RUNNING, and stuck, forever. Its end is recorded through
 * the monitor, so the saga log and the metrics see it too. With several replicas, each one's index
 * lags for the sagas whose last steps ran elsewhere: those it only brings up to date.
 */
export class SagaReconciler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: SagaIndex,
    private readonly sagas: SagaService,
    private readonly monitor: SagaMonitor,
    private readonly logger: Logger,
    private readonly quietMs = 5000,
  ) {}

  start(everyMs = 5000): void {
    this.timer = setInterval(() => void this.reconcile(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async reconcile(now = Date.now()): Promise<void> {
    const quiet = this.index.list({ status: 'RUNNING', limit: 500 }, now).filter((s) => now - Date.parse(s.updatedAt) > this.quietMs);
    for (const saga of quiet) {
      try {
        const ended = await this.sagas.outcome(saga.orderId);
        if (!ended) continue;
        // Another replica may have run its last step, and recorded it: then only this index lags.
        const logged = await this.monitor.loggedEnd(saga.orderId);
        if (logged) {
          this.index.settle(saga.orderId, logged.step, ended.status, ended.reason, logged.at);
          continue;
        }
        await this.monitor.endRecovered(saga.orderId, ended.status, ended.reason);
        this.logger.info({ orderId: saga.orderId, status: ended.status }, 'saga end recovered from its workflow');
      } catch (err) {
        this.logger.debug({ err, orderId: saga.orderId }, 'saga not reconciled');
      }
    }
  }
}
