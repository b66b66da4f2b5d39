import { ConsoleLoggerService } from '@dapr/dapr';
import type { Logger } from '@ticket-saga/service-kit';

// The SDK writes "[DurableTask, OrchestrationExecutor] <instance id>: <what happened>".
const SDK_LINE = /^\[(?<source>[^\]]+)\] (?:(?<orderId>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}): )?(?<msg>.*)$/s;

type Level = 'error' | 'warn' | 'debug';

/**
 * Sends the Dapr SDK's log lines into the app's JSON logger, with the workflow instance id (the
 * order id) lifted into its own field. The SDK's workflow engine builds its loggers internally,
 * on the console logger, so that is the one place to hook in. Its per-work-item chatter goes to
 * debug; warnings and errors keep their level. A failed worker is reported to `onWorkerFailed`.
 */
export function routeSdkLogsTo(logger: Logger, onWorkerFailed: (message: string) => void): void {
  const forward = (level: Level) =>
    function (this: unknown, message: unknown, ...rest: unknown[]) {
      const text = String(message);
      const groups = SDK_LINE.exec(text)?.groups;
      const fields = {
        sdk: groups?.source,
        ...(groups?.orderId && { orderId: groups.orderId }),
        ...(rest.length > 0 && { details: rest.map(String) }),
      };
      logger[level](fields, groups?.msg ?? text);
      // @dapr/dapr 3.18's worker gives up for good when its stream to a sidecar that was up breaks
      // (a restarted sidecar): the app cannot run sagas any more and must be restarted.
      if ((groups?.msg ?? text).startsWith('Worker failed')) onWorkerFailed(rest.map(String).join(' '));
    };
  Object.assign(ConsoleLoggerService.prototype, {
    error: forward('error'),
    warn: forward('warn'),
    info: forward('debug'),
    verbose: forward('debug'),
    debug: forward('debug'),
  });
}
