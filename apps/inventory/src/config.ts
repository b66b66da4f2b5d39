import { BaseConfigSchema, loadConfig, OperatorConfigSchema } from '@ticket-saga/service-kit';
import { z } from 'zod';

const InventoryConfigSchema = BaseConfigSchema.extend(OperatorConfigSchema.shape).extend({
  PORT: z.coerce.number().int().default(8081),
  INTERNAL_PORT: z.coerce.number().int().default(18081),
  /** How long reserved tickets are held for a saga that neither confirms nor releases them. */
  RESERVATION_HOLD_SECONDS: z.coerce.number().int().positive().default(900),
  SEED_CATALOGUE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type InventoryConfig = z.infer<typeof InventoryConfigSchema>;

export const readConfig = (): InventoryConfig => loadConfig(InventoryConfigSchema);
