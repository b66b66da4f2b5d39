import { AppIds } from './constants.js';

type AppId = (typeof AppIds)[keyof typeof AppIds];

/**
 * Who may reach a route, and so where it is mounted:
 * - `public`: the app's port on the Service, open to anyone (buyers, the dashboard's reads);
 * - `operator`: the same port, behind the operator's bearer token;
 * - `internal`: the app's second port, bound to loopback, where only its own Dapr sidecar can
 *   reach it, carrying the app token; `callers` names the apps whose service invocation Dapr's
 *   access policy lets through, and `sidecar` the sidecar's own deliveries (subscriptions, jobs).
 */
export type Surface = 'public' | 'operator' | 'internal';
export type Caller = AppId | 'sidecar';

export interface RouteDefinition {
  app: AppId;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express's notation: `:name` is one path segment. */
  path: string;
  surface: Surface;
  /** For internal routes: who the sidecar delivers the call on behalf of. */
  callers?: Caller[];
  what: string;
}

const { order, orchestrator, inventory, payment } = AppIds;

/** Every route of every app, named once: the apps, Dapr's access policy and the security tests are checked against it. */
export const ROUTES: RouteDefinition[] = [
  { app: order, method: 'POST', path: '/orders', surface: 'public', what: 'place an order (starts its saga)' },
  { app: order, method: 'GET', path: '/orders/:id', surface: 'public', what: 'an order: status, step, tickets' },
  { app: order, method: 'GET', path: '/orders/:id/timeline', surface: 'public', what: "an order's saga log" },
  { app: order, method: 'PUT', path: '/orders/:id/outcome', surface: 'internal', callers: [orchestrator], what: "the saga's result" },
  { app: order, method: 'PUT', path: '/orders/:id/progress', surface: 'internal', callers: [orchestrator], what: 'the step the saga is in' },
  { app: order, method: 'POST', path: '/job/:name', surface: 'internal', callers: ['sidecar'], what: 'the handoff job: OrderPlaced again' },

  { app: inventory, method: 'GET', path: '/items', surface: 'public', what: 'the catalogue' },
  { app: inventory, method: 'GET', path: '/items/:id', surface: 'public', what: 'one item and its stock' },
  { app: inventory, method: 'PUT', path: '/items/:id', surface: 'operator', what: 'create an item, set its stock or withdraw it' },
  { app: inventory, method: 'POST', path: '/items/check', surface: 'internal', callers: [order], what: "the door's catalogue check" },
  { app: inventory, method: 'POST', path: '/reservations', surface: 'internal', callers: [orchestrator], what: 'reserve tickets' },
  {
    app: inventory,
    method: 'GET',
    path: '/reservations/:id',
    surface: 'internal',
    callers: [],
    what: 'a reservation (no app calls it: for a look from inside the pod)',
  },
  { app: inventory, method: 'POST', path: '/reservations/:id/confirm', surface: 'internal', callers: [orchestrator], what: 'sell the reserved tickets' },
  { app: inventory, method: 'POST', path: '/reservations/:id/release', surface: 'internal', callers: [orchestrator], what: 'put them back on sale' },
  { app: inventory, method: 'POST', path: '/reservations/:id/tickets', surface: 'internal', callers: [orchestrator], what: 'issue the ticket codes' },
  { app: inventory, method: 'POST', path: '/job/:name', surface: 'internal', callers: ['sidecar'], what: 'the hold expired' },

  { app: payment, method: 'GET', path: '/payments/:orderId', surface: 'operator', what: "an order's payment record" },
  { app: payment, method: 'POST', path: '/payments', surface: 'internal', callers: [orchestrator], what: 'request a payment (202, result on Kafka)' },
  {
    app: payment,
    method: 'POST',
    path: '/payments/:orderId/void',
    surface: 'internal',
    callers: [orchestrator],
    what: 'void: nothing may be charged after it',
  },

  { app: orchestrator, method: 'GET', path: '/sagas/settings', surface: 'public', what: 'what new sagas get' },
  { app: orchestrator, method: 'GET', path: '/sagas/:orderId', surface: 'public', what: 'the workflow instance' },
  { app: orchestrator, method: 'GET', path: '/sagas/:orderId/timeline', surface: 'public', what: "a saga's log" },
  { app: orchestrator, method: 'GET', path: '/sagas/:orderId/timeline', surface: 'internal', callers: [order], what: "a saga's log, for the order service" },
  { app: orchestrator, method: 'GET', path: '/api/dashboard', surface: 'public', what: "the dashboard's counts" },
  { app: orchestrator, method: 'GET', path: '/api/dashboard/diagram', surface: 'public', what: "the dashboard's graph" },
  { app: orchestrator, method: 'GET', path: '/api/dashboard/stream', surface: 'public', what: 'live updates (server-sent events)' },
  { app: orchestrator, method: 'GET', path: '/api/sagas', surface: 'public', what: 'recent sagas' },
  { app: orchestrator, method: 'GET', path: '/api/sagas/:orderId', surface: 'public', what: "a saga's detail" },
  { app: orchestrator, method: 'POST', path: '/api/sagas/:orderId/terminate', surface: 'operator', what: 'stop a saga where it is' },
  { app: orchestrator, method: 'POST', path: '/api/sagas/:orderId/purge', surface: 'operator', what: "purge a finished saga's history" },
  { app: orchestrator, method: 'POST', path: '/api/sagas/:orderId/payment-result', surface: 'operator', what: 'raise the payment result by hand' },
  { app: orchestrator, method: 'POST', path: '/events/order-placed', surface: 'internal', callers: ['sidecar'], what: 'OrderPlaced from Kafka (subscription)' },
  {
    app: orchestrator,
    method: 'POST',
    path: '/events/payment-processed',
    surface: 'internal',
    callers: ['sidecar'],
    what: 'PaymentProcessed from Kafka (subscription)',
  },
];

/** Routes every app serves on its public port besides its API: probes and Prometheus. */
export const OPERATIONS_ROUTES = ['/healthz', '/metrics'] as const;

const WHO: Record<Surface, string> = {
  public: 'anyone',
  operator: 'an operator',
  internal: '',
};
const ENFORCED: Record<Surface, string> = {
  public: 'open (input validated)',
  operator: '`Authorization: Bearer` operator token, else 401',
  internal: "loopback port, `dapr-api-token` app token else 401; through Dapr, the access policy on the caller's mTLS identity, else 403",
};

const callersOf = (route: RouteDefinition) =>
  (route.callers ?? []).length === 0
    ? 'no app (its own sidecar, from inside the pod)'
    : route.callers!.map((c) => (c === 'sidecar' ? 'its own sidecar (subscription or job)' : `${c}, through Dapr`)).join('; ');

/** The README's route table ("Security model"), written there by `npm run diagram`. */
export function routeTableMarkdown(): string {
  const rows = ROUTES.map(
    (r) =>
      `| ${r.app} | \`${r.method} ${r.path}\` | ${r.surface} | ${r.surface === 'internal' ? callersOf(r) : WHO[r.surface]} | ${ENFORCED[r.surface]} | ${r.what} |`,
  );
  const operations = `| every app | ${OPERATIONS_ROUTES.map((path) => `\`GET ${path}\``).join(', ')} | public | probes, Prometheus | open | health, metrics |`;
  return ['| App | Route | Surface | Who may call it | Enforced by | What it does |', '|---|---|---|---|---|---|', ...rows, operations].join('\n');
}
