import { Components } from '@ticket-saga/contracts';
import { KeyedMutex, retryOnEtagMismatch, type DaprSidecar, type Logger } from '@ticket-saga/service-kit';

/** One line of a saga's log: a command the orchestrator sent, or an event it received. */
export interface SagaLogEntry {
  at: string;
  kind: 'command' | 'event';
  /** The activity (for commands) or the event's name. */
  step: string;
  /** For commands, the how-manieth try of this step; 1 for events. */
  attempt: number;
  outcome: 'succeeded' | 'failed' | 'received' | 'ignored';
  durationMs?: number;
  detail?: string;
}

const STORE = Components.sagaLogStore;
const key = (orderId: string) => `saga-log:${orderId}`;

/**
 * The persisted saga log, one document per saga. Writing it never fails the saga: a write that
 * cannot be made is reported in the app log instead.
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
  ) {}

  async append(orderId: string, entry: Omit<SagaLogEntry, 'attempt'>): Promise<void> {
    try {
      await this.writes.runExclusive([orderId], () => retryOnEtagMismatch(async () => {
        const current = await this.dapr.getState<SagaLogEntry[]>(STORE, key(orderId));
        const entries = current?.value ?? [];
        const attempt = entry.kind === 'command' ? entries.filter((e) => e.kind === 'command' && e.step === entry.step).length + 1 : 1;
        await this.dapr.saveState(STORE, [{ key: key(orderId), value: [...entries, { ...entry, attempt }], etag: current?.etag }]);
      }));
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
