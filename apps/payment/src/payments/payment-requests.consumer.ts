import { parseJsonOr, type Logger } from '@ticket-saga/service-kit';
import type { Consumer } from 'kafkajs';
import { z } from 'zod';
import { PAYMENT_REQUESTS_TOPIC } from './kafka.js';
import type { PaymentsService } from './payments.service.js';

const QueuedPaymentSchema = z.object({ orderId: z.uuid() });

/**
 * Drains the payment-requests topic. A malformed message is logged and skipped (it was produced
 * by this service, so it can only be a bug, never worth blocking the partition for); a failure
 * to process is thrown so that kafkajs retries it.
 */
export async function consumePaymentRequests(consumer: Consumer, payments: PaymentsService, partitions: number, logger: Logger): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: PAYMENT_REQUESTS_TOPIC, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: partitions,
    eachMessage: async ({ message, partition }) => {
      const parsed = QueuedPaymentSchema.safeParse(parseJsonOr(message.value?.toString(), undefined));
      if (!parsed.success) {
        return void logger.error({ partition, offset: message.offset }, 'malformed payment request skipped');
      }
      await payments.process(parsed.data.orderId);
    },
  });
}
