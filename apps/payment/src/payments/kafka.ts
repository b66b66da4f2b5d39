import { Topics } from '@ticket-saga/contracts';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { sleep, type Logger } from '@ticket-saga/service-kit';

/** The payment service's own work queue: accepted requests wait here, durably, to be processed. */
export const PAYMENT_REQUESTS_TOPIC = 'payment-requests';

export function createKafka(brokers: string[], logger: Logger): Kafka {
  return new Kafka({
    clientId: 'payment',
    brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }) => {
        const { message, ...extra } = log;
        if (level <= logLevel.ERROR) logger.error(extra, `kafka: ${message}`);
        else logger.warn(extra, `kafka: ${message}`);
      },
  });
}

/** Creates the topics the service produces to, so that partitions are known before the first send. */
export async function ensureTopics(admin: Admin, partitions: number, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createMissingTopics(admin, partitions);
    } catch (err) {
      // A broker that has just started may not lead its partitions yet.
      if (attempt >= attempts) throw err;
      await sleep(500);
    }
  }
}

async function createMissingTopics(admin: Admin, partitions: number): Promise<void> {
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [PAYMENT_REQUESTS_TOPIC, Topics.paymentResults].filter((topic) => !existing.has(topic));
    if (missing.length) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
