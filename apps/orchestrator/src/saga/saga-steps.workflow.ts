import type { Task, WorkflowContext } from '@dapr/dapr';
import type { ActivityEnvelope, WaitEnd } from './activity-envelope.js';
import type { ActivityInput, ActivityOutput } from './activities.js';
import type { RetryPolicy, SagaInput, SagaResult } from './saga-types.js';
import { encodeSagaStatus } from './saga-status.js';
import { isBounded, STEPS, type ActivityStep, type OutcomeStep, type WaitStep } from './steps.js';

type Steps<O> = AsyncGenerator<Task<unknown>, O, unknown>;

/** Exponential: first, 2×first, 4×first… capped. */
export function retryDelaySeconds(policy: RetryPolicy, failedAttempt: number): number {
  return Math.min(policy.maxDelaySeconds, policy.firstDelaySeconds * 2 ** (failedAttempt - 1));
}

/** Thrown into the workflow when a bounded step has failed on every attempt its policy allows. */
export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly step: ActivityStep,
    readonly attempts: number,
    readonly lastError: string,
  ) {
    super(`${step} failed ${attempts} times, last: ${lastError}`);
  }
}

/**
 * How the workflow runs its steps. `run` calls a step's activity until it succeeds, waiting
 * between attempts on a durable timer (so a retry survives a restart; @dapr/dapr 3.18 has no
 * activity retry policy). The step's role picks the policy: bounded before the pivot, until done
 * after it. The step, its attempt and the last error are the saga's custom status, and travel to
 * the observers in the activity's envelope. `waitFor` waits for an event or a deadline; the next
 * step tells the observers how the wait ended. `end` runs an outcome step: the last of every flow.
 */
export function sagaSteps(ctx: WorkflowContext, { orderId, settings, traceparent }: SagaInput) {
  // The workflow's clock is replayed with its history: the same instant on every replay and replica.
  const startedAt = ctx.getCurrentUtcDateTime().toISOString();
  let afterWait: WaitEnd | undefined;

  async function* call<K extends ActivityStep>(step: K, input: ActivityInput<K>, ending?: { reason?: string }): Steps<ActivityOutput<K>> {
    const policy = isBounded(step) ? settings.stepRetry : settings.untilDoneRetry;
    let lastError: string | undefined;
    for (let attempt = 1; ; attempt++) {
      ctx.setCustomStatus(encodeSagaStatus({ step, attempt, ...(lastError && { lastError }) }));
      const envelope: ActivityEnvelope<ActivityInput<K>> = {
        input,
        attempt,
        ...(traceparent && { traceparent }),
        ...(ending?.reason && { reason: ending.reason }),
        ...(afterWait && { afterWait }),
        ...(ending && { sagaStartedAt: startedAt }),
      };
      try {
        const output = (yield ctx.callActivity(step, envelope)) as ActivityOutput<K>;
        afterWait = undefined;
        return output;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        if (attempt >= policy.maxAttempts) throw new RetriesExhausted(step, attempt, lastError);
        yield ctx.createTimer(retryDelaySeconds(policy, attempt));
      }
    }
  }

  /** The event's payload, or undefined when the deadline came first (a later event is never read). */
  async function* waitFor<T>(step: WaitStep, event: string, timeoutSeconds: number): Steps<T | undefined> {
    ctx.setCustomStatus(encodeSagaStatus({ step, attempt: 1 }));
    const since = ctx.getCurrentUtcDateTime().toISOString();
    const result = ctx.waitForExternalEvent(event) as Task<T>;
    const winner = yield ctx.whenAny([result, ctx.createTimer(timeoutSeconds)]);
    const received = winner === result;
    afterWait = { step, outcome: received ? 'received' : 'timed_out', since };
    return received ? result.getResult() : undefined;
  }

  const run = <K extends Exclude<ActivityStep, OutcomeStep>>(step: K, input: ActivityInput<K>) => call(step, input);

  async function* end<K extends OutcomeStep>(step: K, input: ActivityInput<K>): Steps<SagaResult> {
    const reason = 'reason' in input ? input.reason : undefined;
    yield* call(step, input, { ...(reason !== undefined && { reason }) });
    return { orderId, status: STEPS[step].status, ...(reason !== undefined && { reason }) };
  }

  return { run, waitFor, end };
}
