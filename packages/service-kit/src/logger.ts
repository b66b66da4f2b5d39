import { pino, type Logger } from 'pino';
import { currentTraceparent, traceIdOf } from './trace-context.js';

export type { Logger };

/**
 * JSON lines on stdout; `service` on every line so that merged logs stay attributable. Created
 * before the configuration is read (so that a bad one is logged); mains then set `logger.level`
 * from the validated LOG_LEVEL.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // The trace id on every line written while handling a traced request or activity.
    mixin: () => {
      const traceId = traceIdOf(currentTraceparent());
      return traceId ? { traceId } : {};
    },
  });
}
