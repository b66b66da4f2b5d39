import type { Express } from 'express';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { requireDaprSidecar, requireOperator, type OperatorGuard } from './auth.js';
import { closeServer, createHttpApp, finishHttpApp, listen } from './http.js';
import type { Logger } from './logger.js';
import { httpMetrics, serveMetrics, type Registry } from './metrics.js';

/**
 * An app's two HTTP surfaces. `public` listens on PORT, the port of the Service: the API for
 * buyers and operators, /healthz and /metrics. `internal` listens on INTERNAL_PORT on loopback
 * only, which is Dapr's app-port: the sidecar in the same pod (or on the same machine) is the only
 * thing that can reach it, and it must carry the app token. Routes that change a saga's results
 * are mounted on `internal` alone, so they do not exist on the public port.
 */
export interface Surfaces {
  public: Express;
  internal: Express;
  /** The guard for operator routes on the public surface; without OPERATOR_TOKEN it refuses everyone. */
  operator: OperatorGuard;
}

export interface SurfaceSettings {
  PORT: number;
  INTERNAL_PORT: number;
  APP_API_TOKEN: string;
  OPERATOR_TOKEN?: string | undefined;
}

const LOOPBACK = '127.0.0.1';

export function createSurfaces(metrics: Registry, settings: SurfaceSettings): Surfaces {
  const timing = httpMetrics(metrics);
  const publicApp = createHttpApp(timing);
  serveMetrics(publicApp, metrics);
  const internal = createHttpApp(timing, requireDaprSidecar(settings.APP_API_TOKEN));
  const operator = requireOperator(settings.OPERATOR_TOKEN ?? randomBytes(32).toString('hex'));
  return { public: publicApp, internal, operator };
}

/** Mounts the 404 and error handlers on both surfaces and listens; resolves with the stop function. */
export async function listenSurfaces(surfaces: Surfaces, settings: SurfaceSettings, logger: Logger): Promise<() => Promise<void>> {
  finishHttpApp(surfaces.public, logger);
  finishHttpApp(surfaces.internal, logger);
  const servers: Server[] = [await listen(surfaces.public, settings.PORT), await listen(surfaces.internal, settings.INTERNAL_PORT, LOOPBACK)];
  return async () => void (await Promise.all(servers.map(closeServer)));
}
