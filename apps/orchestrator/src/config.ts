import { BaseConfigSchema, loadConfig } from '@ticket-saga/service-kit';
import { z } from 'zod';

const OrchestratorConfigSchema = BaseConfigSchema.extend({
  PORT: z.coerce.number().int().default(8083),
});
export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;

export const readConfig = (): OrchestratorConfig => loadConfig(OrchestratorConfigSchema);
