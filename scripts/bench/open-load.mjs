// An open model: orders are sent at fixed times, whatever the system answers and however long it
// takes. A slow system gets more requests in flight, not fewer requests (a closed loop of N
// clients would measure N divided by the latency instead).
import { randomUUID } from 'node:crypto';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `rate` orders per second for `seconds`, paid with `token` (or with each of a list of tokens in turn). Resolves once every request has been answered,
 * with each order's id (when accepted), its POST latency and status, and the time the send
 * schedule actually took (a generator starved of CPU falls behind: the offered rate says so).
 */
export async function openLoad({ orderUrl, itemId, rate, seconds, token }) {
  const total = Math.round(rate * seconds);
  const requests = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    requests.push(placeOrder(orderUrl, itemId, Array.isArray(token) ? token[i % token.length] : token));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  return { sent: total, sendSeconds, results: await Promise.all(requests) };
}

async function placeOrder(orderUrl, itemId, token) {
  const body = JSON.stringify({
    customerId: randomUUID(),
    amount: 20,
    items: [{ id: itemId, name: 'bench', amount: 20, quantity: 1 }],
    payment: { token },
  });
  const sentAt = performance.now();
  try {
    const res = await fetch(`${orderUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const postMs = performance.now() - sentAt;
    if (res.status !== 202) return { status: res.status, postMs, error: (await res.text()).slice(0, 200) };
    return { status: 202, postMs, id: (await res.json()).id };
  } catch (err) {
    return { status: 0, postMs: performance.now() - sentAt, error: String(err.cause ?? err) };
  }
}
