import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  briefOrder,
  createItem,
  finalOrder,
  finalOrders,
  getOrder,
  json,
  orderFor,
  placeOrder,
  pollUntil,
  type OrderView,
} from '../integration/support/api.js';
import { cpuSeconds, Forwards, kubectl, OUT, RELEASE, runLogged, secret } from './support/cluster.js';

/**
 * The README's Kubernetes path, on the pods `tilt ci` left running (scripts/k8s/test-cluster.sh):
 * every request goes through `kubectl port-forward`, as a user's curl does. The steps share the
 * cluster and run in order: the last one takes it down and up again and reads the first orders.
 */
const port = (url: string | undefined, fallback: number) => Number(new URL(url ?? `http://x:${fallback}`).port);
const forwards = new Forwards({
  order: { local: port(process.env.ORDER_URL, 28080), remote: 8080, ready: '/healthz' },
  inventory: { local: port(process.env.INVENTORY_URL, 28081), remote: 8081, ready: '/healthz' },
  orchestrator: { local: port(process.env.ORCHESTRATOR_URL, 28083), remote: 8083, ready: '/healthz' },
  zipkin: { local: port(process.env.ZIPKIN_URL, 29411), remote: 9411, ready: '/health' },
});
const SAGA_MS = 90_000;
/**
 * Orders per second for k6. The kind node takes about 0.7 s of CPU per saga (three Dapr scheduler
 * replicas alone 0.2 s) on top of 0.6 cores at rest, so a 2-core machine sustains about 2/s;
 * a laptop with 4 cores or more runs the README's RATE=5 and above (CLUSTER_K6_RATE=5).
 */
const K6_RATE = process.env.CLUSTER_K6_RATE ?? '2';
const kept: OrderView[] = [];

beforeAll(async () => {
  process.env.OPERATOR_TOKEN = await secret(`${RELEASE}-operator`, 'token');
  await forwards.ready();
});
afterAll(() => forwards.stop());

describe('the user path on a real kind cluster', () => {
  it("runs the brief's order to COMPLETED, and Zipkin holds its trace", async () => {
    const traceId = randomBytes(16).toString('hex');
    const started = Date.now();
    const res = await placeOrder(briefOrder(), { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(res.status).toBe(202);
    const order = await finalOrder((await json<OrderView>(res)).id, SAGA_MS);
    console.log(`first saga: COMPLETED ${Date.now() - started} ms after POST /orders`);
    expect(order).toMatchObject({ status: 'COMPLETED' });
    expect(order.tickets).toHaveLength(1);
    kept.push(order);

    const spans = await pollUntil(
      async () => {
        const r = await fetch(`${forwards.url('zipkin')}/api/v2/trace/${traceId}`);
        return r.status === 200 ? json<Array<{ localEndpoint?: { serviceName?: string } }>>(r) : [];
      },
      (found) => ['order', 'orchestrator', 'payment'].every((name) => found.some((s) => s.localEndpoint?.serviceName === name)),
      60_000,
    );
    const services = [...new Set(spans.map((s) => s.localEndpoint?.serviceName))].sort();
    console.log(`Zipkin: trace ${traceId}, ${spans.length} spans from ${services.join(', ')}`);
    expect(services).toEqual(expect.arrayContaining(['order', 'orchestrator', 'payment']));
  });

  it('ends declined, timed-out and sold-out orders as they must', async () => {
    const [itemId, lastTicket] = [await createItem(10), await createItem(1)];
    const ids = [];
    for (const token of ['tok_decline', 'tok_timeout']) {
      const res = await placeOrder(orderFor(itemId, 1, token));
      expect(res.status).toBe(202);
      ids.push((await json<OrderView>(res)).id);
    }
    const soldOut = await placeOrder(orderFor(lastTicket, 2));
    expect([201, 202]).toContain(soldOut.status);
    ids.push((await json<OrderView>(soldOut)).id);

    const orders = await finalOrders(ids, SAGA_MS);
    expect(orders.map((o) => o.status)).toEqual(['PAYMENT_DECLINED', 'PAYMENT_TIMEOUT', 'REJECTED']);
    kept.push(...orders);
  });

  it(`passes k6/orders.js at RATE=${K6_RATE} for 60 s through the port-forward`, async () => {
    const before = await cpuSeconds();
    const code = await runLogged('k6', ['run', '--quiet', '--summary-export', `${OUT}/k6-summary.json`, 'k6/orders.js'], 'k6.log', {
      BASE_URL: forwards.url('order'),
      INVENTORY_URL: forwards.url('inventory'),
      RATE: K6_RATE,
      DURATION: '60s',
    });
    const summary = JSON.parse(await readFile(`${OUT}/k6-summary.json`, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    const m = (name: string, stat: string) => summary.metrics[name]?.[stat];
    console.log(
      `k6 RATE=${K6_RATE} 60s: ${m('iterations', 'count')} orders, POST /orders p95 ${m('http_req_duration{name:POST /orders}', 'p(95)')?.toFixed(0)} ms, ` +
        `saga p50 ${m('saga_completion', 'med')?.toFixed(0)} ms p95 ${m('saga_completion', 'p(95)')?.toFixed(0)} ms, ` +
        `completed ${((m('saga_completed', 'value') ?? 0) * 100).toFixed(1)} %, failed requests ${((m('http_req_failed', 'value') ?? 0) * 100).toFixed(2)} %`,
    );
    const after = await cpuSeconds();
    const sagas = m('saga_outcomes', 'count') ?? 0;
    const perSaga = [...after].map(([name, used]) => [name, ((used - (before.get(name) ?? 0)) * 1000) / sagas] as const).sort((a, b) => b[1] - a[1]);
    console.log(
      `CPU per saga during k6 (${sagas} sagas):\n${perSaga
        .slice(0, 12)
        .map(([name, ms]) => `  ${ms.toFixed(0).padStart(5)} ms  ${name}`)
        .join('\n')}`,
    );
    expect(code).toBe(0);
  });

  it("ends every saga that waited for its payment while the orchestrator's pod was deleted", async () => {
    const itemId = await createItem(100);
    const tokens = ['tok_timeout', 'tok_timeout', 'tok_timeout', 'tok_approve', 'tok_decline'];
    const ids: string[] = [];
    for (const token of tokens) ids.push((await json<OrderView>(await placeOrder(orderFor(itemId, 1, token)))).id);
    await pollUntil(
      () => getOrder(ids[0]!),
      (o) => o.step === 'awaitPayment',
      SAGA_MS,
    );
    const pod = (await kubectl('get', 'pod', '-l', 'app.kubernetes.io/name=orchestrator', '-o', 'jsonpath={.items[0].metadata.name}')).trim();

    await kubectl('delete', 'pod', pod, '--wait=false');
    await kubectl('wait', '--for=delete', `pod/${pod}`, '--timeout=120s');
    await kubectl('rollout', 'status', `deployment/${RELEASE}-orchestrator`, '--timeout=180s');
    await forwards.ready();

    const orders = await finalOrders(ids, 180_000);
    expect(orders.map((o) => o.status)).toEqual(['PAYMENT_TIMEOUT', 'PAYMENT_TIMEOUT', 'PAYMENT_TIMEOUT', 'COMPLETED', 'PAYMENT_DECLINED']);
  });

  it('restarts a dev container at once when its app crashes, and the app serves again', async () => {
    const restarts = async () =>
      Number(
        await kubectl(
          'get',
          'pod',
          '-l',
          'app.kubernetes.io/name=payment',
          '-o',
          'jsonpath={.items[0].status.containerStatuses[?(@.name=="payment")].restartCount}',
        ),
      );
    const before = await restarts();

    // Every process the app's user may signal but the container's first: the app itself.
    await kubectl('exec', `deployment/${RELEASE}-payment`, '-c', 'payment', '--', 'sh', '-c', 'kill -9 -1').catch(() => undefined);

    await pollUntil(restarts, (count) => count > before, 30_000);
    await kubectl('wait', '--for=condition=Ready', 'pod', '-l', 'app.kubernetes.io/name=payment', '--timeout=120s');
    const itemId = await createItem(1);
    const res = await placeOrder(orderFor(itemId));
    expect(await finalOrder((await json<OrderView>(res)).id, SAGA_MS)).toMatchObject({ status: 'COMPLETED' });
  });

  it('keeps the orders across `tilt down` and `tilt ci`', async () => {
    const resources = (process.env.TILT_RESOURCES ?? '').split(' ').filter(Boolean);
    expect(await runLogged('tilt', ['down', '--', ...resources], 'tilt-down.log')).toBe(0);
    await pollUntil(
      () => kubectl('get', 'pods', '-l', `app.kubernetes.io/instance=${RELEASE}`, '-o', 'name'),
      (pods) => pods.trim() === '',
      180_000,
    );
    forwards.stop();
    const started = Date.now();
    expect(await runLogged('tilt', ['ci', '--port', '0', '--timeout', '30m', '--', ...resources], 'tilt-again.log')).toBe(0);
    console.log(`tilt ci after tilt down: every resource ready in ${Math.round((Date.now() - started) / 1000)} s`);
    await forwards.ready();

    for (const order of kept) expect(await getOrder(order.id)).toMatchObject({ id: order.id, status: order.status });
    const again = await placeOrder(briefOrder(randomUUID()));
    expect(again.status).toBe(202);
    expect(await finalOrder((await json<OrderView>(again)).id, SAGA_MS)).toMatchObject({ status: 'COMPLETED' });
  });
});
