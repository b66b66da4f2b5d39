import { createMetrics, createLogger, createSurfaces, DaprSidecar, listenSurfaces, runMain } from '@ticket-saga/service-kit';
import { readConfig } from './config.js';
import { PaymentsPublisher } from './payments/kafka-publisher.js';
import { createKafka, ensureTopics } from './payments/kafka.js';
import { consumePaymentRequests } from './payments/payment-requests.consumer.js';
import { PaymentsRepository } from './payments/payments.repository.js';
import { paymentRecordsRoutes, paymentsRoutes } from './payments/payments.routes.js';
import { PaymentsService } from './payments/payments.service.js';
import { PaymentSimulator } from './payments/simulator.js';

const logger = createLogger('payment');

runMain(logger, async () => {
  const config = readConfig();
  logger.level = config.LOG_LEVEL;
  const dapr = new DaprSidecar(config.DAPR_HOST, config.DAPR_HTTP_PORT, config.DAPR_API_TOKEN);
  const kafka = createKafka(config.KAFKA_BROKERS, logger);
  const publisher = new PaymentsPublisher(kafka);
  // A short session lets a restarted processor take over its partitions quickly after a crash.
  const consumer = kafka.consumer({ groupId: 'payment-processor', sessionTimeout: 10_000, heartbeatInterval: 1_000 });

  const repository = new PaymentsRepository(dapr);
  const simulator = new PaymentSimulator(
    { processingMs: config.PAYMENT_PROCESSING_MS, declineRate: config.PAYMENT_DECLINE_RATE, errorRate: config.PAYMENT_ERROR_RATE },
    repository,
  );
  const payments = new PaymentsService(repository, publisher, simulator, logger);

  let consuming = false;
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    consuming = payload.restart;
    logger.error({ err: payload.error, restart: payload.restart }, 'payment processor crashed');
  });

  const metrics = createMetrics('payment');
  const http = createSurfaces(metrics, config);
  http.public.get('/healthz', (_req, res) => void res.status(consuming ? 204 : 503).end());
  http.public.use(paymentRecordsRoutes(payments, http.operator));
  http.internal.use(paymentsRoutes(payments));
  const stopHttp = await listenSurfaces(http, config, logger);

  await ensureTopics(kafka.admin(), config.PAYMENT_PARTITIONS);
  await publisher.connect();
  await dapr.waitUntilReady(config.SIDECAR_WAIT_SECONDS);
  await consumePaymentRequests(consumer, payments, config.PAYMENT_PARTITIONS, logger);
  consuming = true;
  logger.info({ port: config.PORT }, 'payment listening, processor running');

  return async () => {
    await stopHttp();
    await consumer.disconnect();
    await publisher.disconnect();
  };
});
