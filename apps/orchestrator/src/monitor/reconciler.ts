import type { Logger } from '@ticket-saga/service-kit';
import type { SagaResult } from '../saga/saga-types.js';
import type { SagaService } from '../sagas/saga.service.js';
import type { SagaIndex } from './saga-index.js';

/**
 * Brings the index back in line with the workflows: a saga that ended while its end was not
 * recorded (the orchestrator died between the outcome and the next snapshot, or an operator
 * terminated it) would otherwise look RUNNING, and stuck, forever.
 */
export class SagaReconciler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: SagaIndex,
    private readonly sagas: SagaService,
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
        this.index.ended(saga.orderId, ended.status, ended.reason, new Date().toISOString());
        this.logger.info({ orderId: saga.orderId, status: ended.status }, 'saga end recovered from its workflow');
      } catch (err) {
        this.logger.debug({ err, orderId: saga.orderId }, 'saga not reconciled');
      }
    }
  }
}

