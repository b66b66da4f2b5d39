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

/** One line of a saga's log: a command the orchestrator sent, or an event it received. */
export const SagaLogEntrySchema = z.object({
  at: z.iso.datetime(),
  kind: z.enum(['command', 'event']),
  /** The saga step (for commands) or the event's name. */
  step: z.string(),
  /** For commands, the how-manieth try of this step; 1 for events. */
  attempt: z.number().int().positive(),
  outcome: z.enum(['succeeded', 'failed', 'received', 'ignored']),
  durationMs: z.number().nonnegative().optional(),
  detail: z.string().optional(),
});
export type SagaLogEntry = z.infer<typeof SagaLogEntrySchema>;
