import type { Task, WorkflowContext } from '@dapr/dapr';
import type { Activity } from './activities/activity.js';
import { seal } from './activity-envelope.js';
import { encodeSagaStatus, type SagaState } from './saga-state.js';

export interface RetryPolicy {
  maxAttempts: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/** Exponential: first, 2×first, 4×first… capped. */
export function retryDelaySeconds(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (failedAttempt - 1));
}

/** Thrown into the workflow when a step has failed on every attempt its policy allows. */
export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly step: string,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`${step} failed ${attempts} times, last: ${lastError}`);
  }
}

/**
 * Calls an activity until it succeeds, waiting between attempts on a durable workflow timer: a
 * retry survives a restart of the orchestrator. (@dapr/dapr 3.18 has no activity retry policy.)
 * The attempt count and the last error show in the saga's status while it retries.
 */
export async function* withRetry<I, O>(
  ctx: WorkflowContext,
  state: SagaState,
  activity: Activity<I, O>,
  input: I,
  policy: RetryPolicy,
  traceparent?: string,
): AsyncGenerator<Task<unknown>, O, unknown> {
  let lastError: string | undefined;
  for (let attempt = 1; ; attempt++) {
    ctx.setCustomStatus(encodeSagaStatus({ state, attempt, ...(lastError && { lastError }) }));
    try {
      return (yield ctx.callActivity(activity.name, seal(input, traceparent))) as O;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      if (attempt >= policy.maxAttempts) throw new RetriesExhausted(activity.name, attempt, lastError);
      yield ctx.createTimer(retryDelaySeconds(policy, attempt));
    }
  }
}
