import { BaseConfigSchema, loadConfig, OperatorConfigSchema } from '@ticket-saga/service-kit';
import { z } from 'zod';

const PaymentConfigSchema = BaseConfigSchema.extend(OperatorConfigSchema.shape).extend({
  PORT: z.coerce.number().int().default(8082),
  INTERNAL_PORT: z.coerce.number().int().default(18082),
  KAFKA_BROKERS: z
    .string()
    .min(1, 'KAFKA_BROKERS must list at least one broker, e.g. localhost:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim())),
  /** How long the simulated processor takes to settle a payment. */
  PAYMENT_PROCESSING_MS: z.coerce.number().int().min(0).default(500),
  /** Share of payments the simulator declines, 0 to 1; the choice is stable per order. */
  PAYMENT_DECLINE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** Share of payment requests answered with a simulated technical failure (503), 0 to 1. */
  PAYMENT_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
  PAYMENT_PARTITIONS: z.coerce.number().int().positive().default(8),
});
export type PaymentConfig = z.infer<typeof PaymentConfigSchema>;

export const readConfig = (): PaymentConfig => loadConfig(PaymentConfigSchema);
