import { z } from 'zod';

/** Settings every app shares: where it listens and where its Dapr sidecar is. */
export const BaseConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3500),
  DAPR_GRPC_PORT: z.coerce.number().int().min(1).max(65535).default(50001),
  DAPR_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  SIDECAR_WAIT_SECONDS: z.coerce.number().positive().default(60),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the environment once, at start; a bad value stops the app with every problem listed. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
  throw new ConfigError(`invalid configuration:\n${problems}`);
}
