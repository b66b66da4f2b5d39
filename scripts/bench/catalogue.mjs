// The concert a benchmark sells: created fresh for each run, so that runs never share stock.
import { randomUUID } from 'node:crypto';
import { operatorHeaders } from './stack-secrets.mjs';

/** Puts a new item with `available` tickets in the inventory; returns its id. */
export async function createItem(inventoryUrl, label, available) {
  const id = randomUUID();
  const res = await fetch(`${inventoryUrl}/items/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...operatorHeaders() },
    body: JSON.stringify({ name: `${label} ${id.slice(0, 8)}`, price: 20, available }),
  });
  if (!res.ok) throw new Error(`PUT /items answered ${res.status}: is the stack running (npm run up)?`);
  return id;
}
