import { createLogger, createMetrics, createSurfaces, DaprSidecar, listenSurfaces, runMain } from '@ticket-saga/service-kit';
import { readConfig } from './config.js';
import { seedCatalogue } from './items/catalogue-seed.js';
import { InventoryRepository } from './items/items.repository.js';
import { itemsRoutes } from './items/items.routes.js';
import { ReservationService } from './reservations/reservations.service.js';
import { ReservationExpiry } from './reservations/reservation-expiry.js';
import { reservationsRoutes } from './reservations/reservations.routes.js';

const logger = createLogger('inventory');

runMain(logger, async () => {
  const config = readConfig();
  logger.level = config.LOG_LEVEL;
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT, config.DAPR_API_TOKEN);
  const repository = new InventoryRepository(dapr);

  const metrics = createMetrics('inventory');
  const http = createSurfaces(metrics, config);
  http.public.get('/healthz', (_req, res) => void res.status(204).end());
  http.public.use(itemsRoutes(repository, http.operator));
  http.internal.use(reservationsRoutes(new ReservationService(repository, config.RESERVATION_HOLD_SECONDS), new ReservationExpiry(dapr, logger), logger));

  // Listen first: the sidecar waits for the app port before it reports ready.
  const stop = await listenSurfaces(http, config, logger);
  await dapr.waitUntilReady(config.SIDECAR_WAIT_SECONDS);
  if (config.SEED_CATALOGUE) logger.info({ created: await seedCatalogue(repository) }, 'catalogue seeded');
  logger.info({ port: config.PORT, internalPort: config.INTERNAL_PORT }, 'inventory listening');
  return stop;
});
