import express, { type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { AppError, errorHandler, notFoundHandler } from './errors.js';
import type { Logger } from './logger.js';
import { traceContext } from './trace-context.js';

export const JSON_BODY_LIMIT = '32kb';

/**
 * An express app with what every app has: request timing (`httpMetrics`), then the guard that
 * decides who may call it, if any, then the JSON parser. The caller mounts routes, then
 * `finishHttpApp`.
 */
export function createHttpApp(timing?: RequestHandler, guard?: RequestHandler): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (timing) app.use(timing);
  if (guard) app.use(guard);
  app.use(traceContext);
  app.use(requireJsonBody);
  app.use(express.json({ limit: JSON_BODY_LIMIT, type: JSON_TYPES }));
  return app;
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/** A body in any other format would reach the routes as "no body": say what is wrong instead. */
const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.is(JSON_TYPES) === false) {
    return next(new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `content-type: expected application/json, got ${req.get('content-type')}`));
  }
  next();
};

/** Mounts the 404 and error handlers: call after every route. */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
}

/** Listens on every interface, or on `host` alone (the loopback address for the internal surface). */
export function listen(app: Express, port: number, host?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = host ? app.listen(port, host) : app.listen(port);
    server.once('listening', () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} is already in use`) : err));
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
