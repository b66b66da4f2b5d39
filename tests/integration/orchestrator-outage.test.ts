import { describe, expect, it } from '@jest/globals';
import { briefOrder, getOrder, isFinal, json, placeOrder, pollUntil, type OrderView } from './support/api.js';
import { replicaNames } from '../../tools/stack/src/topology.js';
import { crash, reachable, stackPid } from './support/stack.js';

// Every replica of the orchestrator, and each one's sidecar.
const PROCESSES = replicaNames('orchestrator').flatMap((name) => [name, `${name}-dapr`]);

describe('an order accepted while the orchestrator is down', () => {
  it('is kept, and its saga runs once the orchestrator is back', async () => {
    const crashed = PROCESSES.map(crash);

    const res = await placeOrder(briefOrder());
    expect(res.status).toBe(202);
    expect(await reachable('http://localhost:8083/healthz')).toBe(false);
    const accepted = await json<OrderView>(res);

    const finished = await pollUntil(() => getOrder(accepted.id), isFinal, 45_000);

    expect(finished.status).toBe('COMPLETED');
    PROCESSES.forEach((name, i) => expect(stackPid(name)).not.toBe(crashed[i]));
  });
});
