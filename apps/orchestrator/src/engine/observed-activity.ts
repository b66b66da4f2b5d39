import type { WorkflowActivityContext } from '@dapr/dapr';
import { childTraceparent, withTraceparent, type Logger } from '@ticket-saga/service-kit';
import { open } from '../saga/activity-envelope.js';
import type { ActivityFn } from '../saga/activities/activity.js';
import type { SagaMonitor } from '../saga-monitor/saga-monitor.js';

/**
 * Wraps an activity so that each run is observed (saga log, dashboard, metrics) and logged:
 * which step, for which order, how long, how it ended.
 */
export function observedActivity<I, O>(name: string, activity: ActivityFn<I, O>, monitor: SagaMonitor, logger: Logger): ActivityFn<unknown, O> {
  return async (ctx: WorkflowActivityContext, payload: unknown) => {
    const { input, traceparent } = open<I>(payload);
    // A span of its own in the saga's trace: the sidecar calls made by the activity continue it.
    return withTraceparent(childTraceparent(traceparent), () => observe(ctx, input));
  };

  async function observe(ctx: WorkflowActivityContext, input: I): Promise<O> {
    const orderId = ctx.getWorkflowInstanceId();
    const at = new Date().toISOString();
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    monitor.stepStarted(orderId, name, at);
    try {
      const output = await activity(ctx, input);
      const durationMs = elapsed();
      await monitor.stepSucceeded(orderId, name, at, durationMs, input, describe(output));
      logger.info({ orderId, activity: name, ms: durationMs }, 'activity completed');
      return output;
    } catch (err) {
      const durationMs = elapsed();
      await monitor.stepFailed(orderId, name, at, durationMs, err instanceof Error ? err.message : String(err));
      logger.warn({ orderId, activity: name, ms: durationMs, err }, 'activity failed');
      throw err;
    }
  }
}

/** A business answer worth reading in the timeline (a refusal and its reason), kept short. */
function describe(output: unknown): string | undefined {
  if (output === undefined) return undefined;
  const text = JSON.stringify(output);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
