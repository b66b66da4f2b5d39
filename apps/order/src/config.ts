import { BaseConfigSchema, loadConfig } from '@ticket-saga/service-kit';
import { z } from 'zod';

const OrderConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().default(8080),
  INTERNAL_PORT: z.coerce.number().int().default(18080),
  /** Base of the Location header; empty means relative locations. */
  PUBLIC_BASE_URL: z.string().default(''),
  /** An accepted order whose saga has not reported a step after this long is requested again. */
  HANDOFF_REDRIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** Tickets one customer may hold or await per concert, across all their orders. */
  MAX_TICKETS_PER_CUSTOMER: z.coerce.number().int().min(1).max(1000).default(4),
  /** A new order is refused (503, Retry-After) when sagas wait longer than this to start. */
  ADMISSION_MAX_WAIT_SECONDS: z.coerce.number().min(1).max(3600).default(10),
});
export type OrderConfig = z.infer<typeof OrderConfigSchema>;

export const readConfig = (): OrderConfig => loadConfig(OrderConfigSchema);
