import { describe, expect, it } from '@jest/globals';
import { EtagMismatchError, type DaprSidecar, type Logger, type StateOperation, type StateWrite } from '@ticket-saga/service-kit';
import { IndexSnapshots, type SnapshotTiming } from './index-snapshots.js';
import { SagaIndex } from './saga-index.js';

const TIMING: SnapshotTiming = { saveEveryMs: 2_000, heartbeatMs: 10_000, goneAfterMs: 60_000, viewMs: 0 };
const logger = { info: () => {}, warn: () => {} } as unknown as Logger;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

/** A state store with ETags and first-write concurrency, as Dapr's state API offers it. */
function memoryStore() {
  const rows = new Map<string, { value: unknown; etag: string }>();
  let version = 0;
  const write = ({ key, value, etag, ifAbsent }: StateWrite) => {
    const row = rows.get(key);
    if ((etag !== undefined && row?.etag !== etag) || (ifAbsent && etag === undefined && row)) throw new EtagMismatchError(`conflict on ${key}`);
    rows.set(key, { value: structuredClone(value), etag: String(++version) });
  };
  const dapr = {
    getState: async (_store: string, key: string) => {
      const row = rows.get(key);
      return row && { value: structuredClone(row.value), etag: row.etag };
    },
    saveState: async (_store: string, writes: StateWrite[]) => writes.forEach(write),
    transact: async (_store: string, operations: StateOperation[]) => {
      for (const op of operations) if (op.operation === 'delete') rows.delete(op.request.key);
    },
  } as unknown as DaprSidecar;
  return { dapr, rows };
}

function replica(dapr: DaprSidecar, name: string, clock: { now: number }) {
  const index = new SagaIndex(60_000);
  return { index, snapshots: new IndexSnapshots(dapr, index, logger, name, 60_000, TIMING, () => clock.now) };
}

describe('saga index snapshots across replicas', () => {
  it('shows on every replica what all of them saw, each saving under its own name', async () => {
    const { dapr, rows } = memoryStore();
    const clock = { now: Date.parse(at(0)) };
    const one = replica(dapr, 'orchestrator-a', clock);
    const two = replica(dapr, 'orchestrator-b', clock);
    await one.snapshots.load();
    await two.snapshots.load();
    one.index.started('s1', at(0));
    one.index.stepEnded('reserveTickets', true, 10);
    two.index.started('s2', at(1));
    two.index.ended('s1', 'COMPLETED', undefined, at(5));
    await one.snapshots.stop();
    await two.snapshots.stop();

    expect(rows.get('saga-index-replicas')?.value).toEqual(['orchestrator-a', 'orchestrator-b']);
    const view = await one.snapshots.view();
    expect(view.get('s1')).toMatchObject({ status: 'COMPLETED', startedAt: at(0) });
    expect(view.get('s2')?.status).toBe('RUNNING');
    expect(view.stepStats().find((s) => s.step === 'reserveTickets')?.completed).toBe(1);
    // The live index stays this replica's own: only the view is merged.
    expect(one.index.get('s2')).toBeUndefined();
  });

  it('adopts a replica gone for good once, whichever replica notices first, and forgets its snapshot', async () => {
    const { dapr, rows } = memoryStore();
    const clock = { now: Date.parse(at(0)) };
    const gone = replica(dapr, 'orchestrator-old', clock);
    await gone.snapshots.load();
    gone.index.stepEnded('reserveTickets', true, 10);
    gone.index.started('s1', at(0));
    await gone.snapshots.stop();

    clock.now += TIMING.goneAfterMs + 1;
    const a = replica(dapr, 'orchestrator-a', clock);
    const b = replica(dapr, 'orchestrator-b', clock);
    await Promise.all([a.snapshots.load(), b.snapshots.load()]);

    const adopted = [a, b].map((r) => r.index.stepStats().find((s) => s.step === 'reserveTickets')?.completed ?? 0);
    expect(adopted.sort()).toEqual([0, 1]);
    expect(rows.has('saga-index-snapshot:orchestrator-old')).toBe(false);
    expect((rows.get('saga-index-replicas')?.value as string[]).sort()).toEqual(['orchestrator-a', 'orchestrator-b']);
    expect((await a.snapshots.view()).get('s1')?.status).toBe('RUNNING');
  });

  it('takes up its own snapshot after a restart under the same name', async () => {
    const { dapr } = memoryStore();
    const clock = { now: Date.parse(at(0)) };
    const before = replica(dapr, 'orchestrator', clock);
    await before.snapshots.load();
    before.index.started('s1', at(0));
    await before.snapshots.stop();
    const after = replica(dapr, 'orchestrator', clock);
    await after.snapshots.load();
    expect(after.index.get('s1')?.status).toBe('RUNNING');
  });
});
