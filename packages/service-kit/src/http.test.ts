import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { parseOrThrow } from './errors.js';
import { closeServer, createHttpApp, finishHttpApp, listen } from './http.js';
import { createLogger } from './logger.js';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createHttpApp();
  app.post('/things', (req, res) => {
    res.status(201).json(parseOrThrow(z.strictObject({ name: z.string(), count: z.number().int().positive() }), req.body));
  });
  app.get('/boom', () => {
    throw new Error('secret detail');
  });
  finishHttpApp(app, createLogger('test', 'silent'));
  server = await listen(app, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => closeServer(server));

const post = (body: string, type = 'application/json') => fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': type }, body });

describe('http app', () => {
  it('passes a valid body through', async () => {
    const res = await post('{"name":"a","count":2}');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'a', count: 2 });
  });

  it('answers 400 naming each bad field and why', async () => {
    const res = await post('{"name":1,"count":0}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'VALIDATION_FAILED',
      problems: [
        { field: 'name', reason: expect.stringContaining('string') },
        { field: 'count', reason: expect.stringContaining('>0') },
      ],
    });
  });

  it('tells malformed JSON, a wrong content type and an oversized body apart', async () => {
    expect((await post('{"name":')).status).toBe(400);
    expect(await (await post('{"name":')).json()).toMatchObject({ error: 'MALFORMED_JSON' });
    expect((await post('name=a', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post(JSON.stringify({ name: 'x'.repeat(40_000), count: 1 }))).status).toBe(413);
  });

  it('hides internal errors behind a 500 and unknown routes behind a 404', async () => {
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    expect(JSON.stringify(await boom.json())).not.toContain('secret');
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });
});
