import type { Logger } from './logger.js';

export type Stop = () => Promise<void>;

/**
 * Runs an app's start function, stops it cleanly on SIGINT/SIGTERM, and exits non-zero when
 * start-up fails, so that supervisors (the local stack, Kubernetes) see the failure.
 */
export function runMain(logger: Logger, start: () => Promise<Stop>): void {
  let stop: Stop | undefined;
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    try {
      await stop?.();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  start()
    .then((s) => {
      stop = s;
    })
    .catch((err: unknown) => {
      logger.fatal({ err }, 'start-up failed');
      process.exit(1);
    });
}
