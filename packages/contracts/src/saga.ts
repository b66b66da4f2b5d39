import { z } from 'zod';

/** GET /sagas/{id} on the orchestrator: the workflow's view of one order. */
export const SagaViewSchema = z.object({
  orderId: z.string(),
  runtimeStatus: z.string(),
  step: z.string().nullable(),
  /** Attempt of the current step; above 1 while a technical failure is being retried. */
  attempt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** The W3C trace id the saga continues: the one of the POST /orders that placed the order. */
  traceId: z.string().nullable(),
  createdAt: z.string().nullable(),
  lastUpdatedAt: z.string().nullable(),
  failure: z.string().nullable(),
});
export type SagaView = z.infer<typeof SagaViewSchema>;
