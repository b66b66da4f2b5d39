import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { DaprSidecar, EtagMismatchError, SidecarError } from './dapr-sidecar.js';

/** A sidecar that answers every save with `saveAnswer` and every read from `stored`. */
async function fakeSidecar(saveAnswer: { status: number; body: string }, stored: Record<string, unknown>): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        res.writeHead(saveAnswer.status, { 'content-type': 'application/json' }).end(saveAnswer.body);
        return;
      }
      const key = decodeURIComponent(req.url!.split('/').pop()!);
      if (!(key in stored)) return void res.writeHead(204).end();
      res.writeHead(200, { etag: '1', 'content-type': 'application/json' }).end(JSON.stringify(stored[key]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

const sidecarFor = (s: Server) => new DaprSidecar('127.0.0.1', (s.address() as AddressInfo).port);
// What Dapr answers when PostgreSQL's first-write insert finds the row there.
const plainFailure = { status: 500, body: '{"errorCode":"ERR_STATE_SAVE","message":"failed saving state in state store s: no item was updated"}' };

describe('a creation that loses the race', () => {
  it('is an ETag mismatch when the store says plainly that it wrote nothing and the key is there now', async () => {
    server = await fakeSidecar(plainFailure, { k: ['theirs'] });
    await expect(sidecarFor(server).saveState('s', [{ key: 'k', value: ['mine'], ifAbsent: true }])).rejects.toBeInstanceOf(EtagMismatchError);
  });

  it('stays a failure when the key is still absent: nothing was created by anyone', async () => {
    server = await fakeSidecar(plainFailure, {});
    await expect(sidecarFor(server).saveState('s', [{ key: 'k', value: ['mine'], ifAbsent: true }])).rejects.toBeInstanceOf(SidecarError);
  });

  it('stays a failure for a plain write, whatever exists', async () => {
    server = await fakeSidecar(plainFailure, { k: ['theirs'] });
    await expect(sidecarFor(server).saveState('s', [{ key: 'k', value: ['mine'] }])).rejects.toBeInstanceOf(SidecarError);
  });

  it('is an ETag mismatch when the store says so itself (sqlite)', async () => {
    server = await fakeSidecar({ status: 409, body: '{"errorCode":"ERR_STATE_SAVE","message":"possible etag mismatch"}' }, {});
    await expect(sidecarFor(server).saveState('s', [{ key: 'k', value: ['mine'], ifAbsent: true }])).rejects.toBeInstanceOf(EtagMismatchError);
  });
});
