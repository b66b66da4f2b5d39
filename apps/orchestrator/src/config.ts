import { BaseConfigSchema, loadConfig, OperatorConfigSchema } from '@ticket-saga/service-kit';
import { z } from 'zod';
import type { SagaSettings } from './saga/saga-types.js';

const OrchestratorConfigSchema = BaseConfigSchema.extend(OperatorConfigSchema.shape).extend({
  PORT: z.coerce.number().int().default(8083),
  INTERNAL_PORT: z.coerce.number().int().default(18083),
  /** How long a saga waits for the payment result before it voids the payment and releases the tickets. */
  PAYMENT_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
  /** Forward steps (check, reserve, request payment, confirm): attempts before the saga gives up. */
  SAGA_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  SAGA_RETRY_FIRST_DELAY_SECONDS: z.coerce.number().positive().default(1),
  SAGA_RETRY_MAX_DELAY_SECONDS: z.coerce.number().positive().default(30),
  /** A saga still running after this long is flagged on the dashboard and counted as stuck. */
  STUCK_SAGA_SECONDS: z.coerce.number().positive().default(120),
  /**
   * A saga's log is kept this long after its last entry (the state store's TTL). It outlives the
   * workflow's own history, which Dapr purges after SAGA_RETENTION (stateRetentionPolicy).
   */
  SAGA_LOG_RETENTION_DAYS: z.coerce.number().positive().default(400),
});
export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;

export const readConfig = (): OrchestratorConfig => loadConfig(OrchestratorConfigSchema);

export function sagaSettings(config: OrchestratorConfig): SagaSettings {
  const backoff = { firstDelaySeconds: config.SAGA_RETRY_FIRST_DELAY_SECONDS, maxDelaySeconds: config.SAGA_RETRY_MAX_DELAY_SECONDS };
  return {
    paymentTimeoutSeconds: config.PAYMENT_TIMEOUT_SECONDS,
    stepRetry: { maxAttempts: config.SAGA_RETRY_MAX_ATTEMPTS, ...backoff },
    untilDoneRetry: { maxAttempts: Number.MAX_SAFE_INTEGER, ...backoff },
  };
}
