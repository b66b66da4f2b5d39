import { createHttpApp, createLogger, createMetrics, closeServer, DaprSidecar, finishHttpApp, listen, runMain } from '@ticket-saga/service-kit';
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
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  const repository = new InventoryRepository(dapr);

  const metrics = createMetrics('inventory');
  const app = createHttpApp(metrics);
  app.get('/healthz', (_req, res) => void res.status(204).end());
  app.use(itemsRoutes(repository));
  app.use(reservationsRoutes(new ReservationService(repository, config.RESERVATION_HOLD_SECONDS), new ReservationExpiry(dapr, logger), logger));
  finishHttpApp(app, logger);

  // Listen first: the sidecar waits for the app port before it reports ready.
  const server = await listen(app, config.PORT);
  await dapr.waitUntilReady(config.SIDECAR_WAIT_SECONDS);
  if (config.SEED_CATALOGUE) logger.info({ created: await seedCatalogue(repository) }, 'catalogue seeded');
  logger.info({ port: config.PORT }, 'inventory listening');
  return () => closeServer(server);
});
