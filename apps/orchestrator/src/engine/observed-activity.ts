import type { WorkflowActivityContext } from '@dapr/dapr';
import { childTraceparent, withTraceparent, type Logger } from '@ticket-saga/service-kit';
import { openEnvelope } from '../saga/activity-envelope.js';
import type { StepName } from '../saga/steps.js';
import type { SagaMonitor, StepRun } from '../monitor/saga-monitor.js';

type Activity<I, O> = (input: I) => Promise<O>;

/**
 * Wraps an activity for the workflow runtime: opens the envelope the workflow sent, runs the step
 * in a span of the saga's trace (its sidecar calls continue it), and tells the monitor and the
 * log what the workflow told and how the run went.
 */
export function observedActivity<I, O>(step: StepName, activity: Activity<I, O>, monitor: SagaMonitor, logger: Logger) {
  return async (ctx: WorkflowActivityContext, payload: unknown): Promise<O> => {
    const { input, traceparent, attempt, reason, afterWait, sagaStartedAt } = openEnvelope<I>(payload);
    const run: StepRun = {
      orderId: ctx.getWorkflowInstanceId(),
      step,
      attempt,
      at: new Date().toISOString(),
      ...(reason && { reason }),
      ...(afterWait && { afterWait }),
      ...(sagaStartedAt && { sagaStartedAt }),
    };
    return withTraceparent(childTraceparent(traceparent), () => observe(run, input));
  };

  async function observe(run: StepRun, input: I): Promise<O> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const fields = { orderId: run.orderId, activity: step, attempt: run.attempt };
    monitor.stepStarted(run);
    try {
      const output = await activity(input);
      const durationMs = elapsed();
      await monitor.stepSucceeded(run, durationMs, describe(output));
      logger.info({ ...fields, ms: durationMs }, 'activity completed');
      return output;
    } catch (err) {
      const durationMs = elapsed();
      await monitor.stepFailed(run, durationMs, err instanceof Error ? err.message : String(err));
      logger.warn({ ...fields, ms: durationMs, err }, 'activity failed');
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
