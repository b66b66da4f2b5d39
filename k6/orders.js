// Load test of the ticket saga: orders arrive at a constant rate, and each iteration follows its
// order until the saga ends, so the numbers measure the saga, not just POST /orders.
//   k6 run k6/orders.js                                  (local stack)
//   BASE_URL=http://localhost:8080 RATE=20 DURATION=2m k6 run k6/orders.js   (cluster, port forward)
// Creating the run's concert is an operator's action: OPERATOR_TOKEN (npm run load passes the
// local stack's; README "Security model" says where the cluster's is).
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://localhost:8080';
const INVENTORY_URL = __ENV.INVENTORY_URL || BASE_URL.replace(/:8080$/, ':8081');
const RATE = Number(__ENV.RATE || 5);
const DURATION = __ENV.DURATION || '30s';
const STOCK = Number(__ENV.STOCK || 100000);
const SAGA_DEADLINE_MS = Number(__ENV.SAGA_DEADLINE_MS || 60000);
const JSON_HEADERS = { 'Content-Type': 'application/json' };
const OPERATOR_TOKEN = __ENV.OPERATOR_TOKEN || '';

/** From POST /orders to a final status, as the customer waits for it. */
const sagaCompletion = new Trend('saga_completion', true);
const sagaCompleted = new Rate('saga_completed');
const sagaOutcomes = new Counter('saga_outcomes');
const oversold = new Counter('oversold_tickets');

export const options = {
  scenarios: {
    orders: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(10, RATE * 4),
      maxVUs: Math.max(50, RATE * 20),
    },
  },
  // The pass/fail contract.
  thresholds: {
    http_req_failed: ['rate<0.01'],
    'http_req_duration{name:POST /orders}': ['p(95)<500'],
    saga_completion: ['p(95)<10000'],
    saga_completed: ['rate>0.99'],
    oversold_tickets: ['count==0'],
    checks: ['rate>0.99'],
  },
};

/** A concert of its own for this run, so that the stock counts are the run's alone. */
export function setup() {
  const itemId = uuid();
  const res = http.put(`${INVENTORY_URL}/items/${itemId}`, JSON.stringify({ name: `k6-${itemId.slice(0, 8)}`, price: 20, available: STOCK, onSale: true }), {
    headers: { ...JSON_HEADERS, Authorization: `Bearer ${OPERATOR_TOKEN}` },
  });
  if (res.status !== 201) throw new Error(`could not create the load-test item: ${res.status} ${res.body}`);
  return { itemId };
}

export default function (data) {
  const body = JSON.stringify({
    customerId: uuid(),
    amount: 20,
    items: [{ id: data.itemId, name: 'k6 concert', amount: 20, quantity: 1 }],
  });
  const started = Date.now();
  const res = http.post(`${BASE_URL}/orders`, body, { headers: JSON_HEADERS, tags: { name: 'POST /orders' } });
  if (!check(res, { 'order accepted (202)': (r) => r.status === 202 })) return;
  const id = res.json('id');

  while (Date.now() - started < SAGA_DEADLINE_MS) {
    sleep(0.25);
    const order = http.get(`${BASE_URL}/orders/${id}`, { tags: { name: 'GET /orders/{id}' } });
    const status = order.status === 200 ? order.json('status') : 'PENDING';
    if (status !== 'PENDING') {
      sagaCompletion.add(Date.now() - started);
      sagaCompleted.add(status === 'COMPLETED');
      sagaOutcomes.add(1, { status });
      return;
    }
  }
  sagaCompleted.add(false);
  sagaOutcomes.add(1, { status: 'STILL_PENDING' });
}

/** Business check: every ticket is accounted for, none sold twice. */
export function teardown(data) {
  const item = http.get(`${INVENTORY_URL}/items/${data.itemId}`).json();
  const accounted = item.available + item.reserved + item.sold === STOCK;
  check(item, { 'every ticket accounted for': () => accounted, 'nothing oversold': (i) => i.available >= 0 && i.sold <= STOCK });
  if (!accounted || item.available < 0) oversold.add(1);
}

function uuid() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}
