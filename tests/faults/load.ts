import { orderFor, placeOrder } from '../integration/support/api.js';

/** The payment tokens of a mixed load: approvals, declines, and technical failures retried by the saga. */
const TOKENS = ['tok_approve', 'tok_approve', 'tok_approve', 'tok_decline', 'tok_error_1'];

export interface LoadResult {
  accepted: string[];
  refused: number;
}

/**
 * Orders arriving at a fixed rate (an open model: a slow system does not slow the arrivals), for
 * one item, with mixed payment tokens. `during` runs alongside, from the start: the fault.
 */
export async function steadyLoad(itemId: string, rate: number, seconds: number, during: () => Promise<void>): Promise<LoadResult> {
  const accepted: string[] = [];
  let refused = 0;
  const posts: Promise<void>[] = [];
  const started = Date.now();
  const fault = during();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    posts.push(
      placeOrder(orderFor(itemId, 1 + (i % 2), TOKENS[i % TOKENS.length]))
        .then(async (res) => {
          if (res.status === 202) accepted.push(((await res.json()) as { id: string }).id);
          else refused++;
        })
        .catch(() => void refused++),
    );
  }
  await Promise.all([...posts, fault]);
  return { accepted, refused };
}
