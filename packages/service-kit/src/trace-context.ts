import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * W3C trace context, carried through async work without passing it by hand: every call to the
 * Dapr sidecar made while handling a request (or running an activity) sends the same trace id,
 * so the sidecars' spans of one order form one trace.
 */
const storage = new AsyncLocalStorage<string>();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export const isTraceparent = (value: unknown): value is string => typeof value === 'string' && TRACEPARENT.test(value);

/** A new trace, or a new span of the given one: same trace id, fresh parent id. */
export function childTraceparent(parent?: string): string {
  const traceId = (parent && TRACEPARENT.exec(parent)?.[1]) || randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
}

export const traceIdOf = (traceparent: string | undefined) => (traceparent ? TRACEPARENT.exec(traceparent)?.[1] : undefined);

export const currentTraceparent = (): string | undefined => storage.getStore();

export function withTraceparent<T>(traceparent: string | undefined, work: () => T): T {
  return storage.run(isTraceparent(traceparent) ? traceparent : childTraceparent(), work);
}

/** Continues the caller's trace (or starts one) for the request, and says which in the response. */
export const traceContext: RequestHandler = (req, res, next) => {
  const incoming = req.get('traceparent');
  const traceparent = isTraceparent(incoming) ? incoming : childTraceparent();
  res.setHeader('traceparent', traceparent);
  storage.run(traceparent, next);
};
