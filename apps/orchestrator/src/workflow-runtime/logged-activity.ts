import type { WorkflowActivityContext } from '@dapr/dapr';
import type { Logger } from '@ticket-saga/service-kit';
import type { ActivityFn } from '../saga/activities/activity.js';

/** Wraps an activity so that each run leaves one line: which step, for which order, how long, how it ended. */
export function loggedActivity<I, O>(name: string, activity: ActivityFn<I, O>, logger: Logger): ActivityFn<I, O> {
  return async (ctx: WorkflowActivityContext, input: I) => {
    const started = performance.now();
    const fields = { orderId: ctx.getWorkflowInstanceId(), activity: name };
    try {
      const output = await activity(ctx, input);
      logger.info({ ...fields, ms: Math.round(performance.now() - started) }, 'activity completed');
      return output;
    } catch (err) {
      logger.warn({ ...fields, ms: Math.round(performance.now() - started), err }, 'activity failed');
      throw err;
    }
  };
}
