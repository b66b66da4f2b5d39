import { DaprWorkflowClient, WorkflowRuntime } from '@dapr/dapr';
import { WorkflowNames } from '@ticket-saga/contracts';
import { closeServer, createHttpApp, createLogger, DaprSidecar, finishHttpApp, listen, runMain } from '@ticket-saga/service-kit';
import { InventoryAdapter } from './adapters/inventory.adapter.js';
import { NotificationAdapter } from './adapters/notification.adapter.js';
import { OrderAdapter } from './adapters/order.adapter.js';
import { PaymentAdapter } from './adapters/payment.adapter.js';
import { readConfig, sagaSettings } from './config.js';
import { eventsRoutes } from './events/events.routes.js';
import { allActivities } from './saga/activities/index.js';
import type { SagaPorts } from './saga/ports.js';
import { ticketSaga } from './saga/ticket-saga.workflow.js';
import { SagaLog } from './saga-log/saga-log.js';
import { SagaService } from './sagas/saga.service.js';
import { sagasRoutes } from './sagas/sagas.routes.js';
import { loggedActivity } from './workflow-runtime/logged-activity.js';
import { routeSdkLogsTo } from './workflow-runtime/sdk-logger.js';

const logger = createLogger('orchestrator');

runMain(logger, async () => {
  const config = readConfig();
  const settings = sagaSettings(config);
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT);
  const ports: SagaPorts = {
    inventory: new InventoryAdapter(dapr),
    payment: new PaymentAdapter(dapr),
    orders: new OrderAdapter(dapr),
    notifications: new NotificationAdapter(dapr),
  };
  routeSdkLogsTo(logger);
  const daprGrpc = { daprHost: config.DAPR_HOST, daprPort: String(config.DAPR_GRPC_PORT) };
  const workflowClient = new DaprWorkflowClient(daprGrpc);
  const sagas = new SagaService(workflowClient, logger);
  const sagaLog = new SagaLog(dapr, logger);

  let workerReady = false;
  const app = createHttpApp();
  app.get('/healthz', (_req, res) => void res.status(workerReady ? 204 : 503).end());
  app.use(eventsRoutes(sagas, sagaLog, settings, logger));
  app.use(sagasRoutes(sagas, sagaLog, settings));
  finishHttpApp(app, logger);
  const server = await listen(app, config.PORT);

  // The SDK's worker gives up for good if the sidecar is not there yet: wait for it first.
  await dapr.waitUntilReady(config.SIDECAR_WAIT_SECONDS);
  const runtime = new WorkflowRuntime(daprGrpc).registerWorkflowWithName(WorkflowNames.ticketSaga, ticketSaga);
  for (const { name, create } of allActivities) {
    runtime.registerActivityWithName(name, loggedActivity(name, create(ports), sagaLog, logger));
  }
  await runtime.start();
  workerReady = true;
  logger.info({ port: config.PORT, settings }, 'orchestrator listening, workflow worker started');

  return async () => {
    await closeServer(server);
    await runtime.stop();
    await workflowClient.stop();
  };
});
