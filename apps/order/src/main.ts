import { closeServer, createHttpApp, createMetrics, createLogger, DaprSidecar, finishHttpApp, listen, runMain } from '@ticket-saga/service-kit';
import { readConfig } from './config.js';
import { CatalogueCheck } from './orders/catalogue-check.js';
import { OrdersRepository } from './orders/orders.repository.js';
import { ordersRoutes } from './orders/orders.routes.js';
import { SagaLookup } from './orders/saga-lookup.js';

const logger = createLogger('order');

runMain(logger, async () => {
  const config = readConfig();
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);

  const metrics = createMetrics('order');
  const app = createHttpApp(metrics);
  app.get('/healthz', (_req, res) => void res.status(204).end());
  app.use(
    ordersRoutes({
      orders: new OrdersRepository(dapr),
      sagas: new SagaLookup(dapr, logger),
      catalogue: new CatalogueCheck(dapr),
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logger,
    }),
  );
  finishHttpApp(app, logger);

  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT }, 'order listening');
  return () => closeServer(server);
});
