import { sleep } from '@ticket-saga/service-kit';
import type { OrderView } from '@ticket-saga/contracts';
import { getItem, getOrder, getPayment, json, ORCHESTRATOR_URL } from '../integration/support/api.js';

export interface Verdict {
  outcomes: Record<string, number>;
  violations: string[];
  /** Seconds from the end of the load until every accepted order was final. */
  drainSeconds: number;
}

/** Polls every accepted order until all are final, or the deadline; returns them as they are then. */
/** The orders once every one is final, or as they stand at the deadline (a stranded order is a finding, not an error). */
async function ordersOnceSettled(ids: string[], deadlineMs: number): Promise<OrderView[]> {
  for (;;) {
    const orders = await Promise.all(ids.map((id) => getOrder(id).catch(() => undefined))).then((all) => all.filter((o): o is OrderView => !!o));
    if ((orders.length === ids.length && orders.every((o) => o.status !== 'PENDING')) || Date.now() > deadlineMs) return orders;
    await sleep(1000);
  }
}

async function sagaStatus(orderId: string): Promise<string> {
  const res = await fetch(`${ORCHESTRATOR_URL}/sagas/${orderId}`);
  return res.status === 404 ? 'NONE' : (await json<{ runtimeStatus: string }>(res)).runtimeStatus;
}

/** The business invariants after a fault, read from the services' own APIs. */
export async function checkInvariants(itemId: string, stock: number, ids: string[], boundSeconds: number): Promise<Verdict> {
  const loadEnded = Date.now();
  const orders = await ordersOnceSettled(ids, loadEnded + boundSeconds * 1000);
  const drainSeconds = Math.round((Date.now() - loadEnded) / 1000);
  const violations: string[] = [];
  const outcomes: Record<string, number> = {};
  for (const order of orders) outcomes[order.status] = (outcomes[order.status] ?? 0) + 1;

  const finished = new Set(orders.filter((o) => o.status !== 'PENDING').map((o) => o.id));
  const pending = ids.filter((id) => !finished.has(id));
  if (pending.length) {
    // Which orders, and how far their sagas got: what a rare failure needs to be traced in the logs.
    const sagas = await Promise.all(pending.slice(0, 3).map(async (id) => `${id} saga ${await sagaStatus(id)}`));
    violations.push(`${pending.length} accepted orders not final after ${boundSeconds}s (${sagas.join(', ')})`);
  }

  const completed = orders.filter((o) => o.status === 'COMPLETED');
  const seats = completed.reduce((sum, o) => sum + o.items.reduce((n, i) => n + i.quantity, 0), 0);
  const item = await getItem(itemId);
  if (item.sold !== seats) violations.push(`sold ${item.sold}, but COMPLETED orders hold ${seats} seats`);
  if (item.available + item.reserved + item.sold !== stock)
    violations.push(`available+reserved+sold = ${item.available + item.reserved + item.sold}, stock ${stock}`);
  if (item.reserved !== 0) violations.push(`${item.reserved} tickets left reserved`);

  const codes = completed.flatMap((o) => (o.tickets ?? []).map((t) => t.code));
  if (new Set(codes).size !== codes.length) violations.push('a ticket code was issued twice');
  if (codes.length !== seats) violations.push(`${codes.length} tickets issued for ${seats} seats`);

  for (const order of orders.filter((o) => o.status !== 'PENDING')) {
    const payment = await getPayment(order.id);
    const captured = payment?.status === 'APPROVED';
    if (captured !== (order.status === 'COMPLETED')) violations.push(`order ${order.id} ${order.status} with payment ${payment?.status ?? 'none'}`);
  }

  const sagaDeadline = Date.now() + 30_000;
  for (const order of orders) {
    let status = await sagaStatus(order.id);
    while (['RUNNING', 'PENDING'].includes(status) && Date.now() < sagaDeadline) {
      await sleep(500);
      status = await sagaStatus(order.id);
    }
    if (status !== 'COMPLETED') violations.push(`saga ${order.id} is ${status}`);
  }
  return { outcomes, violations, drainSeconds };
}
