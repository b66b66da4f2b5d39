import { Components, type SagaLogEntry } from '@ticket-saga/contracts';
import { retryOnEtagMismatch, type DaprSidecar, type Logger } from '@ticket-saga/service-kit';

const STORE = Components.sagaLogStore;
const key = (orderId: string) => `saga-log:${orderId}`;

/**
 * The persisted saga log, one document per saga, kept for its own retention after its last entry.
 * Writing it never fails the saga: a write that cannot be made is reported in the app log instead.
 */
export class SagaLog {
  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
    private readonly retentionSeconds: number,
  ) {}

  async append(orderId: string, entry: SagaLogEntry): Promise<void> {
    try {
      // Appends race, also between orchestrator replicas: each one is conditional on the ETag it
      // read, and the first one on the document not existing yet.
      await retryOnEtagMismatch(async () => {
        const current = await this.dapr.getState<SagaLogEntry[]>(STORE, key(orderId));
        const value = [...(current?.value ?? []), entry];
        const metadata = { ttlInSeconds: String(this.retentionSeconds) };
        await this.dapr.saveState(STORE, [{ key: key(orderId), value, etag: current?.etag, ifAbsent: !current, metadata }]);
      });
    } catch (err) {
      this.logger.warn({ err, orderId, step: entry.step }, 'saga log entry not written');
    }
  }

  /** The saga's entries in the order they happened. */
  async read(orderId: string): Promise<SagaLogEntry[] | undefined> {
    const entries = (await this.dapr.getState<SagaLogEntry[]>(STORE, key(orderId)))?.value;
    return entries?.slice().sort((a, b) => a.at.localeCompare(b.at));
  }
}
