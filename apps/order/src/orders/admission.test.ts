import { describe, expect, it } from '@jest/globals';
import { Admission } from './admission.js';

describe('admission', () => {
  const at = { now: 0 };
  const startedElsewhere = new Set<string>();
  const admission = () =>
    new Admission(
      10_000,
      async (id) => startedElsewhere.has(id),
      () => at.now,
    );

  it('expects the median wait of the sagas started in the last five seconds while orders wait', () => {
    const door = admission();
    door.accepted('waiting');
    for (const [i, wait] of [1_000, 30_000, 2_000].entries()) door.started(`o${i}`, wait);
    expect(door.expectedWaitMs()).toBe(2_000);
    door.started('o3', 40_000);
    door.started('o4', 50_000);
    expect(door.expectedWaitMs()).toBe(30_000);
    return expect(door.assertRoom()).rejects.toThrow(/sagas wait 30\.0 s to start, above the 10 s/);
  });

  it('expects no wait once every order it accepted has started, however long they waited', async () => {
    const door = admission();
    door.accepted('a');
    door.accepted('b');
    at.now += 30_000;
    door.started('a', 30_000);
    door.started('b', 30_000);
    expect(door.expectedWaitMs()).toBe(0);
    await expect(door.assertRoom()).resolves.toBeUndefined();
  });

  it('forgets waits once no saga has started for five seconds, but not the orders still waiting', () => {
    const door = admission();
    door.accepted('waiting');
    door.started('other', 60_000);
    at.now += 5_000;
    expect(door.expectedWaitMs()).toBe(5_000);
  });

  it('counts how long the oldest accepted order has waited, and asks to retry within a minute', async () => {
    const door = admission();
    door.accepted('first');
    at.now += 4_000;
    door.accepted('second');
    at.now += 100_000;
    expect(door.expectedWaitMs()).toBe(104_000);
    await expect(door.assertRoom()).rejects.toMatchObject({ status: 503, retryAfterSeconds: 60 });
    door.started('first', 104_000);
    expect(door.expectedWaitMs()).toBe(104_000);
    door.settled('second');
    expect(door.expectedWaitMs()).toBe(0);
  });

  it('looks up a stalled-looking order in the shared store and forgets it when its saga started elsewhere', async () => {
    const door = admission();
    door.accepted('reported-to-another-replica');
    at.now += 11_000;
    await expect(door.assertRoom()).rejects.toMatchObject({ status: 503 });
    startedElsewhere.add('reported-to-another-replica');
    await expect(door.assertRoom()).rejects.toMatchObject({ status: 503 });
    at.now += 1_000;
    await expect(door.assertRoom()).resolves.toBeUndefined();
    expect(door.expectedWaitMs()).toBe(0);
  });

  it('before refusing on recent waits, forgets the orders whose sagas another replica saw start or end', async () => {
    const door = admission();
    door.accepted('slow');
    at.now += 20_000;
    door.started('slow', 20_000);
    door.accepted('settled-elsewhere');
    at.now += 1_000;
    expect(door.expectedWaitMs()).toBe(20_000);
    startedElsewhere.add('settled-elsewhere');
    await expect(door.assertRoom()).resolves.toBeUndefined();
    expect(door.expectedWaitMs()).toBe(0);
  });
});
