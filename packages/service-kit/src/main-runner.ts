import type { Logger } from './logger.js';

export type Stop = () => Promise<void>;
/** Ends the app with a failure, for a fault it cannot recover from by itself: its supervisor restarts it. */
export type Die = (reason: string, err?: unknown) => void;

/**
 * Runs an app's start function, stops it cleanly on SIGINT/SIGTERM, and exits non-zero when
 * start-up fails or the app dies, so that supervisors (the local stack, Kubernetes) see the failure.
 */
export function runMain(logger: Logger, start: (die: Die) => Promise<Stop>): void {
  let stop: Stop | undefined;
  const shutdown = async (signal: string, code = 0) => {
    logger.info({ signal }, 'stopping');
    try {
      await stop?.();
      process.exit(code);
    } catch (err) {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    }
  };
  const die: Die = (reason, err) => {
    logger.fatal({ err }, reason);
    // A stop that hangs on the broken dependency must not keep a dead app alive.
    setTimeout(() => process.exit(1), 5000).unref();
    void shutdown('die', 1);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  start(die)
    .then((s) => {
      stop = s;
    })
    .catch((err: unknown) => {
      logger.fatal({ err }, 'start-up failed');
      process.exit(1);
    });
}
