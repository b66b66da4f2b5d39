import { describe, expect, it } from '@jest/globals';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { requireDaprSidecar, requireOperator } from './auth.js';
import { errorHandler } from './errors.js';
import { createLogger } from './logger.js';

const SIDECAR_TOKEN = 'sidecar-token-0123456789';
const OPERATOR_TOKEN = 'operator-token-0123456789';

/** A tiny app behind each guard, over real HTTP: what the guards let through, and how they refuse. */
async function call(headers: Record<string, string>): Promise<{ internal: number; operator: number; challenge: string | null }> {
  const app = express();
  app.get('/internal', requireDaprSidecar(SIDECAR_TOKEN), (_req, res) => void res.status(204).end());
  app.get('/operator', requireOperator(OPERATOR_TOKEN), (_req, res) => void res.status(204).end());
  app.use(errorHandler(createLogger('test')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const internal = await fetch(`${base}/internal`, { headers });
    const operator = await fetch(`${base}/operator`, { headers });
    return { internal: internal.status, operator: operator.status, challenge: operator.headers.get('www-authenticate') };
  } finally {
    server.close();
  }
}

describe('the guards', () => {
  it('let the sidecar through with its app token, and the operator with theirs', async () => {
    expect(await call({ 'dapr-api-token': SIDECAR_TOKEN, authorization: `Bearer ${OPERATOR_TOKEN}` })).toMatchObject({ internal: 204, operator: 204 });
  });

  it("refuse a caller with no token, the wrong one, or the other guard's", async () => {
    expect(await call({})).toEqual({ internal: 401, operator: 401, challenge: 'Bearer realm="ticket-saga operator"' });
    expect(await call({ 'dapr-api-token': 'x', authorization: 'Bearer x' })).toMatchObject({ internal: 401, operator: 401 });
    expect(await call({ 'dapr-api-token': OPERATOR_TOKEN, authorization: `Bearer ${SIDECAR_TOKEN}` })).toMatchObject({ internal: 401, operator: 401 });
    expect(await call({ authorization: OPERATOR_TOKEN })).toMatchObject({ operator: 401 });
  });
});
