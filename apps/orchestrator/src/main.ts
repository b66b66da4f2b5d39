import { DaprWorkflowClient, WorkflowRuntime } from '@dapr/dapr';
import { fileURLToPath } from 'node:url';
import { WorkflowNames } from '@ticket-saga/contracts';
import { createMetrics, createLogger, createSurfaces, DaprSidecar, listenSurfaces, runMain } from '@ticket-saga/service-kit';
import { InventoryAdapter } from './adapters/inventory.adapter.js';
import { NotificationAdapter } from './adapters/notification.adapter.js';
import { OrderAdapter } from './adapters/order.adapter.js';
import { PaymentAdapter } from './adapters/payment.adapter.js';
import { readConfig, sagaSettings } from './config.js';
import { eventsRoutes } from './events/events.routes.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { observedActivity } from './engine/observed-activity.js';
import { SagaService } from './engine/saga.service.js';
import { sagaLogRoutes, sagasRoutes } from './engine/sagas.routes.js';
import { routeSdkLogsTo } from './engine/sdk-logger.js';
import { IndexSnapshots } from './monitor/index-snapshots.js';
import { SagaReconciler } from './monitor/reconciler.js';
import { SagaIndex } from './monitor/saga-index.js';
import { SagaLog } from './monitor/saga-log.js';
import { sagaMetrics } from './monitor/saga-metrics.js';
import { SagaMonitor } from './monitor/saga-monitor.js';
import { OrderProjection } from './monitor/order-projection.js';
import { createActivities } from './saga/activities.js';
import { ACTIVITY_STEPS } from './saga/steps.js';
import { ticketSaga } from './saga/ticket-saga.workflow.js';

const logger = createLogger('orchestrator');
/** The dashboard's static page: plain HTML, CSS and JS, served as they are. */
const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));

runMain(logger, async (die) => {
  const config = readConfig();
  logger.level = config.LOG_LEVEL;
  const settings = sagaSettings(config);
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT, config.DAPR_API_TOKEN);
  const activities = createActivities({
    inventory: new InventoryAdapter(dapr),
    payment: new PaymentAdapter(dapr),
    orders: new OrderAdapter(dapr),
    notifications: new NotificationAdapter(dapr),
  });
  let workerReady = false;
  routeSdkLogsTo(logger, (message) => {
    workerReady = false;
    die(`workflow worker lost its sidecar (${message}): exiting to be restarted`);
  });
  const daprGrpc = {
    daprHost: config.DAPR_HOST,
    daprPort: String(config.DAPR_GRPC_PORT),
    ...(config.DAPR_API_TOKEN && { daprApiToken: config.DAPR_API_TOKEN }),
  };
  const workflowClient = new DaprWorkflowClient(daprGrpc);
  const sagas = new SagaService(workflowClient, logger);
  const sagaLog = new SagaLog(dapr, logger, config.SAGA_LOG_RETENTION_DAYS * 86_400);
  const index = new SagaIndex(config.STUCK_SAGA_SECONDS * 1000);
  const snapshots = new IndexSnapshots(dapr, index, logger, config.HOSTNAME, config.STUCK_SAGA_SECONDS * 1000);

  const metrics = createMetrics('orchestrator');
  const live = { inFlight: () => index.counts().running, stuck: () => index.counts().stuck };
  const monitor = new SagaMonitor(sagaLog, index, sagaMetrics(metrics, live), new OrderProjection(dapr, logger), logger);
  const http = createSurfaces(metrics, config);
  http.public.get('/healthz', (_req, res) => void res.status(workerReady ? 204 : 503).end());
  http.public.use(sagasRoutes(sagas, settings), sagaLogRoutes(sagaLog));
  http.public.use(
    dashboardRoutes({
      view: () => snapshots.view(),
      sagas,
      sagaLog,
      monitor,
      settings,
      stuckAfterSeconds: config.STUCK_SAGA_SECONDS,
      publicDir: PUBLIC_DIR,
      operator: http.operator,
    }),
  );
  http.internal.use(eventsRoutes(sagas, monitor, settings, logger), sagaLogRoutes(sagaLog));
  const stopHttp = await listenSurfaces(http, config, logger);

  // The SDK's worker gives up for good if the sidecar is not there yet: wait for it first.
  await dapr.waitUntilReady(config.SIDECAR_WAIT_SECONDS);
  await snapshots.load();
  snapshots.start();
  const reconciler = new SagaReconciler(index, sagas, monitor, logger);
  const runtime = new WorkflowRuntime(daprGrpc).registerWorkflowWithName(WorkflowNames.ticketSaga, ticketSaga);
  for (const step of ACTIVITY_STEPS) {
    runtime.registerActivityWithName(step, observedActivity(step, activities[step] as (input: unknown) => Promise<unknown>, monitor, logger));
  }
  await runtime.start();
  workerReady = true;
  reconciler.start();
  logger.info({ port: config.PORT, settings }, 'orchestrator listening, workflow worker started');

  return async () => {
    await stopHttp();
    reconciler.stop();
    await snapshots.stop();
    await runtime.stop();
    await workflowClient.stop();
  };
});
