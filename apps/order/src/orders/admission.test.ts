import { describe, expect, it } from '@jest/globals';
import { Admission } from './admission.js';

describe('admission', () => {
  const at = { now: 0 };
  const admission = () => new Admission(10_000, () => at.now);

  it('expects the median wait of the sagas started in the last five seconds', () => {
    const door = admission();
    for (const wait of [1_000, 30_000, 2_000]) door.started(wait);
    expect(door.expectedWaitMs()).toBe(2_000);
    door.started(40_000);
    door.started(50_000);
    expect(door.expectedWaitMs()).toBe(30_000);
    expect(() => door.assertRoom()).toThrow(/sagas wait 30\.0 s to start, above the 10 s/);
  });

  it('forgets waits once no saga has started for five seconds', () => {
    const door = admission();
    door.started(60_000);
    at.now += 5_000;
    expect(door.expectedWaitMs()).toBe(0);
    expect(() => door.assertRoom()).not.toThrow();
  });

  it('counts the time since the first order accepted after the last start, and asks to retry within a minute', () => {
    const door = admission();
    door.accepted();
    at.now += 4_000;
    door.accepted();
    at.now += 100_000;
    expect(door.expectedWaitMs()).toBe(104_000);
    expect(() => door.assertRoom()).toThrow(expect.objectContaining({ status: 503, retryAfterSeconds: 60 }));
    door.started(104_000);
    at.now += 5_000;
    expect(door.expectedWaitMs()).toBe(0);
  });
});
