import { BaseConfigSchema, loadConfig } from '@ticket-saga/service-kit';
import { z } from 'zod';

const OrderConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().default(8080),
  /** Base of the Location header; empty means relative locations. */
  PUBLIC_BASE_URL: z.string().default(''),
});
export type OrderConfig = z.infer<typeof OrderConfigSchema>;

export const readConfig = (): OrderConfig => loadConfig(OrderConfigSchema);
