import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from './paths.js';
import { SCHEDULER_ETCD_RETENTION } from './topology.js';

/** --etcd-max-wals -> etcdMaxWals: how Dapr's chart names the scheduler's flags. */
const chartValue = (flag: string) => `etcd${flag.replace(/^--etcd/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`;

describe('the scheduler on the local stack and in the cluster', () => {
  it('keeps its etcd data bounded the same way: the Tiltfile sets every flag the stack passes', () => {
    const tiltfile = readFileSync(join(ROOT, 'Tiltfile'), 'utf8');
    const set = Object.fromEntries([...tiltfile.matchAll(/'--set=dapr_scheduler\.(\w+)=([^']*)'/g)].map(([, key, value]) => [key, value]));
    const flags: Record<string, string> = {};
    for (let i = 0; i < SCHEDULER_ETCD_RETENTION.length; i += 2) flags[chartValue(SCHEDULER_ETCD_RETENTION[i]!)] = SCHEDULER_ETCD_RETENTION[i + 1]!;
    expect(set).toEqual(flags);
  });
});
