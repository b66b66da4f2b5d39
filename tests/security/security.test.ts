import { ROUTES, type RouteDefinition } from '@ticket-saga/contracts';
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { acceptedOrder, createItem, finalOrder, getItem, getOrder, getPayment, orderFor, pollUntil } from '../integration/support/api.js';
import { callInternal, callPublic, invokeAs, PORTS, stackSecrets, type AppId } from '../integration/support/callers.js';

// Hostile callers on the real stack: for every route of the route table, whoever it is not for
// is refused, and what they tried changes nothing.

const APPS: AppId[] = ['order', 'inventory', 'payment', 'orchestrator'];
/** The route's path with a made-up id in every parameter. */
const concrete = (route: RouteDefinition) =>
  route.path.replace(/:(\w+)/g, (_, name: string) => (name === 'name' ? `saga-handoff-${randomUUID()}` : randomUUID()));
const describeRoute = (route: RouteDefinition) => `${route.app} ${route.method} ${route.path}`;
const internal = ROUTES.filter((r) => r.surface === 'internal');
const operator = ROUTES.filter((r) => r.surface === 'operator');
/**
 * Each internal route with each other app that Dapr's access policy must not let call it. An
 * app's call to itself never leaves its sidecar, which delivers it without the policy: only the
 * app holds its sidecar's token, and its own routes are its own.
 */
const forbiddenCalls = internal.flatMap((route) =>
  APPS.filter((caller) => caller !== route.app && !route.callers?.includes(caller)).map((caller) => ({ route, caller })),
);
const allowedCalls = internal.flatMap((route) => (route.callers ?? []).filter((c): c is AppId => c !== 'sidecar').map((caller) => ({ route, caller })));
// A route both public and internal (the saga log) is on the public port by design.
const internalOnly = internal.filter((route) => !ROUTES.some((r) => r !== route && r.app === route.app && r.method === route.method && r.path === route.path));

const errorOf = async (res: Response) => ((await res.json().catch(() => ({}))) as { error?: string }).error;

describe('internal routes', () => {
  it.each(internalOnly.map((route) => [describeRoute(route), route] as const))('%s does not exist on the public port', async (_, route) => {
    const res = await callPublic(route.app, { method: route.method, path: concrete(route), body: {} });
    expect([res.status, await errorOf(res)]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  it.each(internal.map((route) => [describeRoute(route), route] as const))(
    '%s refuses a caller on its port without the app token, or with another',
    async (_, route) => {
      const others = stackSecrets().apps;
      for (const headers of <Array<Record<string, string>>>[
        {},
        { 'dapr-api-token': 'guessed-token-0123456789' },
        { 'dapr-api-token': others[route.app === 'order' ? 'payment' : 'order'].appApiToken },
      ]) {
        const res = await callInternal(route.app, { method: route.method, path: concrete(route), body: {}, headers });
        expect([res.status, await errorOf(res)]).toEqual([401, 'UNAUTHENTICATED']);
      }
    },
  );

  it.each(forbiddenCalls.map(({ route, caller }) => [describeRoute(route), caller, route] as const))(
    '%s refuses %s through Dapr (the access policy)',
    async (_, caller, route) => {
      const res = await invokeAs(caller, route.app, { method: route.method, path: concrete(route), body: {} });
      expect(res.status).toBe(403);
    },
  );

  it.each(allowedCalls.map(({ route, caller }) => [describeRoute(route), caller, route] as const))(
    '%s reaches the app when %s calls it through Dapr (the policy lets exactly this through)',
    async (_, caller, route) => {
      // An empty body or an unknown id: the app answers for itself (400, 404, 409, or 200 for an idempotent no-op).
      const res = await invokeAs(caller, route.app, { method: route.method, path: concrete(route), body: {} });
      expect([401, 403, 500]).not.toContain(res.status);
      expect(await errorOf(res)).not.toBe('ROUTE_NOT_FOUND');
    },
  );

  it('listen on loopback only: no other address of this machine answers on an internal port', async () => {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    for (const address of addresses) {
      for (const app of APPS) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = connect({ host: address, port: PORTS[app].internal, timeout: 1000 });
          socket.once('connect', () => (socket.destroy(), resolve('connected')));
          socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
          socket.once('timeout', () => (socket.destroy(), resolve('timeout')));
        });
        expect([address, app, outcome]).toEqual([address, app, 'ECONNREFUSED']);
      }
    }
  });
});

describe('operator routes', () => {
  it.each(operator.map((route) => [describeRoute(route), route] as const))(
    '%s refuses a caller without the operator token, or with a wrong one',
    async (_, route) => {
      for (const headers of <Array<Record<string, string>>>[
        {},
        { authorization: 'Bearer guessed-token-0123456789' },
        { authorization: `Bearer ${stackSecrets().apps[route.app].appApiToken}` },
      ]) {
        const res = await callPublic(route.app, { method: route.method, path: concrete(route), body: { outcome: 'APPROVED' }, headers });
        expect([res.status, res.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="ticket-saga operator"']);
      }
    },
  );

  it('a catalogue change without the login changes nothing', async () => {
    const itemId = await createItem(5);
    const res = await callPublic('inventory', {
      method: 'PUT',
      path: `/items/${itemId}`,
      body: { name: 'free tickets', price: 0, available: 1000, onSale: true },
    });
    expect(res.status).toBe(401);
    expect(await getItem(itemId)).toMatchObject({ available: 5, price: 20 });
  });
});

describe("the sidecars' own APIs", () => {
  it.each(APPS)("%s's sidecar refuses state and invocation calls without its DAPR_API_TOKEN", async (app) => {
    const base = `http://127.0.0.1:${PORTS[app].sidecar}/v1.0`;
    for (const [path, init] of [
      ['/metadata', {}],
      [`/invoke/order/method/orders/${randomUUID()}/outcome`, { method: 'PUT', body: '{}' }],
      ['/state/order-store', { method: 'POST', body: JSON.stringify([{ key: 'forged', value: {} }]) }],
    ] as const) {
      const res = await fetch(`${base}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
      expect([path, res.status]).toEqual([path, 401]);
    }
  });
});

describe('a buyer who writes their own outcome', () => {
  it('is refused on every way in, and the order ends as its saga decides: PAYMENT_TIMEOUT, nothing sold, the payment not effected', async () => {
    const itemId = await createItem(3);
    const id = await acceptedOrder(orderFor(itemId, 1, 'tok_timeout'));
    await pollUntil(
      () => getOrder(id),
      (o) => o.step === 'awaitPayment',
      20_000,
    );
    const forged = { status: 'COMPLETED', paymentId: 'pay_x', tickets: [{ code: 'ANY', itemId }] };

    const attempts = [
      // The issue as it was found: the public port.
      await callPublic('order', { method: 'PUT', path: `/orders/${id}/outcome`, body: forged }),
      await callPublic('order', { method: 'PUT', path: `/orders/${id}/progress`, body: { step: 'completeOrder', attempt: 1 } }),
      await callPublic('order', { method: 'POST', path: `/job/saga-handoff-${id}`, body: {} }),
      // Straight at the internal port, and through Dapr as an app the policy does not allow.
      await callInternal('order', { method: 'PUT', path: `/orders/${id}/outcome`, body: forged }),
      await invokeAs('payment', 'order', { method: 'PUT', path: `/orders/${id}/outcome`, body: forged }),
      await invokeAs('inventory', 'order', { method: 'PUT', path: `/orders/${id}/outcome`, body: forged }),
      // The other half of a forged sale: confirming the reservation, or voiding to dodge a charge.
      await invokeAs('payment', 'inventory', { method: 'POST', path: `/reservations/${id}/confirm` }),
      await invokeAs('order', 'payment', { method: 'POST', path: `/payments/${id}/void` }),
      await callPublic('orchestrator', { method: 'POST', path: `/api/sagas/${id}/payment-result`, body: { outcome: 'APPROVED' } }),
    ];
    expect(attempts.map((res) => res.status)).toEqual([404, 404, 404, 401, 403, 403, 403, 403, 401]);
    expect(await getOrder(id)).toMatchObject({ status: 'PENDING', step: 'awaitPayment' });
    expect(await getItem(itemId)).toMatchObject({ reserved: 1, sold: 0 });
    expect((await getPayment(id))?.status).not.toBe('VOIDED');

    const final = await finalOrder(id, 60_000);
    expect(final).toMatchObject({ status: 'PAYMENT_TIMEOUT' });
    expect(final.tickets ?? []).toEqual([]);
    expect(await getItem(itemId)).toMatchObject({ available: 3, reserved: 0, sold: 0 });
    expect((await getPayment(id))?.status).toBe('VOIDED');
  }, 90_000);
});
