import express, { type Express, type RequestHandler } from 'express';
import type { Server } from 'node:http';
import { AppError, errorHandler, notFoundHandler } from './errors.js';
import type { Logger } from './logger.js';
import { httpMetrics, serveMetrics, type Registry } from './metrics.js';
import { traceContext } from './trace-context.js';

export const JSON_BODY_LIMIT = '32kb';

/**
 * An express app with what every app has: HTTP metrics and /metrics when given a registry, and the
 * JSON parser. The caller mounts routes, then `finishHttpApp`.
 */
export function createHttpApp(metrics?: Registry): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (metrics) {
    app.use(httpMetrics(metrics));
    serveMetrics(app, metrics);
  }
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

export function listen(app: Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port);
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
