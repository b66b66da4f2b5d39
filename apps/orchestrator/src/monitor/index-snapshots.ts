import { Components } from '@ticket-saga/contracts';
import { EtagMismatchError, type DaprSidecar, type Logger } from '@ticket-saga/service-kit';
import { SagaIndex, type IndexSnapshot } from './saga-index.js';

const STORE = Components.sagaLogStore;
/** The replicas whose snapshots make up the dashboard, by name. */
const REPLICAS_KEY = 'saga-index-replicas';
const snapshotKey = (replica: string) => `saga-index-snapshot:${replica}`;

interface SavedSnapshot extends IndexSnapshot {
  savedAt: string;
}

export interface SnapshotTiming {
  /** How often the index is saved when it changed. */
  saveEveryMs: number;
  /** Saved even unchanged this often, so that the others know this replica is alive. */
  heartbeatMs: number;
  /** A replica silent this long is gone (a pod replaced or scaled away): its counts are adopted. */
  goneAfterMs: number;
  /** How long a merged view is reused before the others' snapshots are read again. */
  viewMs: number;
}

const DEFAULT_TIMING: SnapshotTiming = { saveEveryMs: 2_000, heartbeatMs: 10_000, goneAfterMs: 60_000, viewMs: 1_000 };

/**
 * Keeps the saga index across restarts and shares it between orchestrator replicas. Each replica
 * sees the steps it runs; it saves what it saw under its own name (so no two replicas write the
 * same key), and the dashboard on any replica merges its live index with the others' snapshots.
 * When a replica goes away for good, the first replica to notice adopts its counts, guarded by
 * the ETag of the list of replicas. Losing the last seconds before a crash costs dashboard
 * history only: the saga log and the metrics are written as steps happen.
 */
export class IndexSnapshots {
  private timer: NodeJS.Timeout | undefined;
  private lastSavedAt = 0;
  private lastAdoptionAt = 0;
  private cached: { at: number; view: Promise<SagaIndex> } | undefined;

  constructor(
    private readonly dapr: DaprSidecar,
    private readonly index: SagaIndex,
    private readonly logger: Logger,
    private readonly replica: string,
    private readonly stuckAfterMs: number,
    private readonly timing: SnapshotTiming = DEFAULT_TIMING,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes up this replica's own snapshot, joins the list, and adopts replicas gone meanwhile. */
  async load(): Promise<void> {
    const own = await this.dapr.getState<SavedSnapshot>(STORE, snapshotKey(this.replica));
    if (own) this.index.restore(own.value);
    await this.updateReplicas((names) => (names.includes(this.replica) ? undefined : [...names, this.replica]));
    await this.adoptGone();
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.timing.saveEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.save(true);
  }

  /** What every replica saw, merged: the dashboard's view. Alone, the live index itself. */
  view(): Promise<SagaIndex> {
    const at = this.now();
    if (!this.cached || at - this.cached.at > this.timing.viewMs) this.cached = { at, view: this.merge() };
    return this.cached.view;
  }

  private async merge(): Promise<SagaIndex> {
    try {
      const others = (await this.readOthers()).map(({ snapshot }) => snapshot);
      if (!others.length) return this.index;
      const merged = new SagaIndex(this.stuckAfterMs);
      merged.restore(structuredClone(this.index.snapshot()));
      for (const snapshot of others) merged.absorb(snapshot);
      return merged;
    } catch (err) {
      this.logger.warn({ err }, "the other replicas' saga index not read: showing this replica's");
      return this.index;
    }
  }

  private async tick(): Promise<void> {
    await this.save(this.now() - this.lastSavedAt >= this.timing.heartbeatMs);
    if (this.now() - this.lastAdoptionAt < this.timing.heartbeatMs) return;
    this.lastAdoptionAt = this.now();
    await this.adoptGone().catch((err) => this.logger.warn({ err }, 'gone replicas not adopted'));
  }

  private async save(force: boolean): Promise<void> {
    if (!this.index.dirty && !force) return;
    this.index.dirty = false;
    try {
      const value: SavedSnapshot = { ...this.index.snapshot(), savedAt: new Date(this.now()).toISOString() };
      await this.dapr.saveState(STORE, [{ key: snapshotKey(this.replica), value }]);
      this.lastSavedAt = this.now();
    } catch (err) {
      this.index.dirty = true;
      this.logger.warn({ err }, 'saga index snapshot not saved');
    }
  }

  private async readOthers(): Promise<Array<{ replica: string; snapshot: SavedSnapshot }>> {
    const names = ((await this.dapr.getState<string[]>(STORE, REPLICAS_KEY))?.value ?? []).filter((name) => name !== this.replica);
    const snapshots = await Promise.all(names.map((name) => this.dapr.getState<SavedSnapshot>(STORE, snapshotKey(name))));
    return names.flatMap((replica, i) => (snapshots[i] ? [{ replica, snapshot: snapshots[i].value }] : []));
  }

  /** Replicas silent past `goneAfterMs`: struck off the list (one replica wins the ETag), then absorbed here. */
  private async adoptGone(): Promise<void> {
    const gone = (await this.readOthers()).filter(({ snapshot }) => this.now() - Date.parse(snapshot.savedAt) > this.timing.goneAfterMs);
    if (!gone.length) return;
    const names = new Set(gone.map(({ replica }) => replica));
    const won = await this.updateReplicas((list) => (list.some((name) => names.has(name)) ? list.filter((name) => !names.has(name)) : undefined), false);
    if (!won) return;
    for (const { snapshot } of gone) this.index.absorb(snapshot);
    await this.save(true);
    await this.dapr.transact(
      STORE,
      gone.map(({ replica }) => ({ operation: 'delete', request: { key: snapshotKey(replica) } })),
    );
    this.logger.info({ replicas: [...names] }, 'saga index: the counts of replicas gone adopted');
  }

  /**
   * Changes the list of replicas if `change` returns a new one, conditional on the ETag read.
   * `retry`: on a conflict read again and retry; otherwise report that another replica won.
   */
  private async updateReplicas(change: (names: string[]) => string[] | undefined, retry = true): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.dapr.getState<string[]>(STORE, REPLICAS_KEY);
      const next = change(current?.value ?? []);
      if (!next) return false;
      try {
        await this.dapr.saveState(STORE, [{ key: REPLICAS_KEY, value: next, etag: current?.etag, ifAbsent: !current }]);
        return true;
      } catch (err) {
        if (!(err instanceof EtagMismatchError)) throw err;
        if (!retry) return false;
      }
    }
    return false;
  }
}
