import { Components } from '@ticket-saga/contracts';
import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';
import type { IndexSnapshot, SagaIndex } from './saga-index.js';

const KEY = 'saga-index-snapshot';

/**
 * Keeps the saga index across restarts: loaded at start, saved every few seconds when it changed.
 * One orchestrator replica writes it; losing the last seconds only costs dashboard history.
 */
export class IndexSnapshots {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dapr: DaprSidecar,
    private readonly index: SagaIndex,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<void> {
    const snapshot = await this.dapr.getState<IndexSnapshot>(Components.sagaLogStore, KEY);
    if (snapshot) this.index.restore(snapshot.value);
  }

  start(everyMs = 2000): void {
    this.timer = setInterval(() => void this.save(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.index.dirty) return;
    this.index.dirty = false;
    try {
      await this.dapr.saveState(Components.sagaLogStore, [{ key: KEY, value: this.index.snapshot() }]);
    } catch (err) {
      this.index.dirty = true;
      this.logger.warn({ err }, 'saga index snapshot not saved');
    }
  }
}
