import { createMetrics, createLogger, createSurfaces, DaprSidecar, listenSurfaces, runMain } from '@ticket-saga/service-kit';
import { readConfig } from './config.js';
import { Admission, startedIn } from './orders/admission.js';
import { CatalogueCheck } from './orders/catalogue-check.js';
import { CustomerLimit } from './orders/customer-limit.js';
import { countsAgainstLimit } from './orders/order.js';
import { refusalCounter } from './orders/orders.metrics.js';
import { OrdersRepository } from './orders/orders.repository.js';
import { ordersRoutes, sagaResultsRoutes } from './orders/orders.routes.js';
import { OrdersService } from './orders/orders.service.js';
import { SagaHandoff } from './orders/saga-handoff.js';
import { SagaLookup } from './orders/saga-lookup.js';

const logger = createLogger('order');

runMain(logger, async () => {
  const config = readConfig();
  logger.level = config.LOG_LEVEL;
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT, config.DAPR_API_TOKEN);
  const metrics = createMetrics('order');
  const store = new OrdersRepository(dapr);
  const stillCounts = async (id: string) => countsAgainstLimit((await store.get(id))?.value);
  const orders = new OrdersService(store, {
    handoff: new SagaHandoff(dapr, config.HANDOFF_REDRIVE_SECONDS, logger),
    sagaLog: new SagaLookup(dapr),
    catalogue: new CatalogueCheck(dapr),
    limit: new CustomerLimit(store, config.MAX_TICKETS_PER_CUSTOMER, stillCounts),
    admission: new Admission(config.ADMISSION_MAX_WAIT_SECONDS * 1000, startedIn(store)),
    refused: refusalCounter(metrics),
    logger,
  });

  const http = createSurfaces(metrics, config);
  http.public.get('/healthz', (_req, res) => void res.status(204).end());
  http.public.use(ordersRoutes(orders, config.PUBLIC_BASE_URL));
  http.internal.use(sagaResultsRoutes(orders));

  const stop = await listenSurfaces(http, config, logger);
  logger.info({ port: config.PORT, internalPort: config.INTERNAL_PORT }, 'order listening');
  return stop;
});
