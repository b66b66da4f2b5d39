import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout; `service` on every line so that merged logs stay attributable. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
