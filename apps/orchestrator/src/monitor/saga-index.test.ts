import { describe, expect, it } from '@jest/globals';
import { percentile, SagaIndex } from './saga-index.js';

const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

describe('saga index', () => {
  it('follows a saga through its steps, with the attempt it is told, and ends it', () => {
    const index = new SagaIndex(60_000);
    index.started('a', t(0));
    index.enterStep('a', 'reserveTickets', 1, t(1));
    index.enterStep('a', 'requestPayment', 1, t(2));
    index.enterStep('a', 'requestPayment', 2, t(3));
    expect(index.get('a')).toMatchObject({ status: 'RUNNING', step: 'requestPayment', attempt: 2, stepStartedAt: t(2) });
    index.ended('a', 'COMPLETED', undefined, t(9));
    expect(index.get('a')).toMatchObject({ status: 'COMPLETED', endedAt: t(9) });
  });

  it('counts per step: in progress now, completed and failed executions, p50 and p95', () => {
    const index = new SagaIndex(60_000);
    index.started('a', t(0));
    index.enterStep('a', 'awaitPayment', 1, t(1));
    for (const ms of [10, 20, 30, 40]) index.stepEnded('reserveTickets', true, ms);
    index.stepEnded('reserveTickets', false, 5);
    const stats = Object.fromEntries(index.stepStats().map((s) => [s.step, s]));
    expect(stats.reserveTickets).toMatchObject({ inProgress: 0, completed: 4, failed: 1, p50Ms: 20, p95Ms: 40 });
    expect(stats.awaitPayment).toMatchObject({ inProgress: 1, completed: 0, p50Ms: null });
  });

  it('flags a saga running past the threshold as stuck, and filters by status, step and age', () => {
    const index = new SagaIndex(60_000);
    index.started('old', t(0));
    index.started('new', t(100));
    index.ended('new', 'REJECTED', 'sold out', t(101));
    const now = Date.parse(t(120));
    expect(index.list({ status: 'STUCK' }, now).map((s) => s.orderId)).toEqual(['old']);
    expect(index.list({ status: 'REJECTED' }, now).map((s) => s.orderId)).toEqual(['new']);
    expect(index.list({ maxAgeMinutes: 1 }, now).map((s) => s.orderId)).toEqual(['new']);
    expect(index.counts(now)).toEqual({ running: 1, stuck: 1, byStatus: { RUNNING: 1, REJECTED: 1 } });
  });

  it('survives a snapshot round trip', () => {
    const index = new SagaIndex(60_000);
    index.started('a', t(0));
    index.stepEnded('reserveTickets', true, 12);
    const restored = new SagaIndex(60_000);
    restored.restore(JSON.parse(JSON.stringify(index.snapshot())));
    expect(restored.get('a')?.status).toBe('RUNNING');
    expect(restored.stepStats().find((s) => s.step === 'reserveTickets')?.completed).toBe(1);
  });

  it('absorbs what another replica saw: counts add up, and of one saga the latest summary wins with the earliest start', () => {
    const a = new SagaIndex(60_000);
    a.started('s', t(0));
    a.enterStep('s', 'awaitPayment', 1, t(2));
    a.stepEnded('reserveTickets', true, 10);
    const b = new SagaIndex(60_000);
    b.ended('s', 'COMPLETED', undefined, t(9), t(1));
    b.stepEnded('reserveTickets', true, 30);
    b.stepEnded('issueTickets', false, 5);
    a.absorb(JSON.parse(JSON.stringify(b.snapshot())));
    expect(a.get('s')).toMatchObject({ status: 'COMPLETED', startedAt: t(0), endedAt: t(9) });
    const stats = Object.fromEntries(a.stepStats().map((s) => [s.step, s]));
    expect(stats.reserveTickets).toMatchObject({ completed: 2, p95Ms: 30 });
    expect(stats.issueTickets).toMatchObject({ failed: 1 });
  });

  it('computes nearest-rank percentiles', () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 0.95)).toBe(5);
    expect(percentile([], 0.5)).toBeNull();
  });
});
