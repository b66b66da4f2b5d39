import { hostname } from 'node:os';
import { z } from 'zod';

const Port = z.coerce.number().int().min(1).max(65535);
/** A shared secret: long enough that guessing is hopeless. */
export const TokenSchema = z.string().min(16, 'must be at least 16 characters (a generated secret)');

/** Settings every app shares: where it listens, where its Dapr sidecar is, and the secrets between them. */
export const BaseConfigSchema = z.object({
  /** The public surface: the port of the Service. */
  PORT: Port,
  /** The internal surface, on loopback: Dapr's app-port, reachable only by the app's sidecar. */
  INTERNAL_PORT: Port,
  /** What the sidecar sends with every call it delivers to the app (daprd's APP_API_TOKEN). */
  APP_API_TOKEN: TokenSchema,
  /** What the app sends to its sidecar, when the sidecar's API is guarded (daprd's DAPR_API_TOKEN). */
  DAPR_API_TOKEN: TokenSchema.optional(),
  DAPR_HTTP_PORT: Port.default(3500),
  DAPR_GRPC_PORT: Port.default(50001),
  DAPR_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  SIDECAR_WAIT_SECONDS: z.coerce.number().positive().default(60),
  /** Which replica this is: the pod's name in Kubernetes, the process's name on the local stack. */
  HOSTNAME: z.string().min(1).default(hostname()),
});

/** For apps with operator routes: the bearer token operators log in with. */
export const OperatorConfigSchema = z.object({ OPERATOR_TOKEN: TokenSchema });

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
