import { Components, type SagaLogEntry } from '@ticket-saga/contracts';
import { KeyedMutex, retryOnEtagMismatch, type DaprSidecar, type Logger } from '@ticket-saga/service-kit';

const STORE = Components.sagaLogStore;
const key = (orderId: string) => `saga-log:${orderId}`;

/**
 * The persisted saga log, one document per saga, kept for its own retention after its last entry.
 * Writing it never fails the saga: a write that cannot be made is reported in the app log instead.
 */
export class SagaLog {
  /**
   * Appends to one saga's log are serialised: the first two (OrderPlaced and the first step)
   * race, and a document that does not exist yet has no ETag to guard it.
   */
  private readonly writes = new KeyedMutex();

  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
    private readonly retentionSeconds: number,
  ) {}

  async append(orderId: string, entry: SagaLogEntry): Promise<void> {
    try {
      await this.writes.runExclusive([orderId], () =>
        retryOnEtagMismatch(async () => {
          const current = await this.dapr.getState<SagaLogEntry[]>(STORE, key(orderId));
          const value = [...(current?.value ?? []), entry];
          await this.dapr.saveState(STORE, [{ key: key(orderId), value, etag: current?.etag, metadata: { ttlInSeconds: String(this.retentionSeconds) } }]);
        }),
      );
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
