import type { WorkflowActivityContext } from '@dapr/dapr';
import type { Logger } from '@ticket-saga/service-kit';
import type { ActivityFn } from '../saga/activities/activity.js';
import type { SagaLog } from '../saga-log/saga-log.js';

/**
 * Wraps an activity so that each run is written to the saga log and to the app log: which step,
 * for which order, how long, how it ended.
 */
export function loggedActivity<I, O>(name: string, activity: ActivityFn<I, O>, sagaLog: SagaLog, logger: Logger): ActivityFn<I, O> {
  return async (ctx: WorkflowActivityContext, input: I) => {
    const orderId = ctx.getWorkflowInstanceId();
    const at = new Date().toISOString();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const output = await activity(ctx, input);
      const durationMs = elapsed();
      await sagaLog.append(orderId, { at, kind: 'command', step: name, outcome: 'succeeded', durationMs, ...describe(output) });
      logger.info({ orderId, activity: name, ms: durationMs }, 'activity completed');
      return output;
    } catch (err) {
      const durationMs = elapsed();
      const detail = err instanceof Error ? err.message : String(err);
      await sagaLog.append(orderId, { at, kind: 'command', step: name, outcome: 'failed', durationMs, detail });
      logger.warn({ orderId, activity: name, ms: durationMs, err }, 'activity failed');
      throw err;
    }
  };
}

/** A business answer worth reading in the timeline (a refusal and its reason), kept short. */
function describe(output: unknown): { detail?: string } {
  if (output === undefined) return {};
  const text = JSON.stringify(output);
  return { detail: text.length > 300 ? `${text.slice(0, 297)}...` : text };
}
