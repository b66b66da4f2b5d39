import type { WaitStep } from './steps.js';

/**
 * What the workflow sends with every activity call: the activity's input, plus what the workflow
 * tells its observers (the attempt, the trace, why an outcome step ends the saga). The activity
 * itself only sees `input`: the runtime wrapper opens the envelope (observed-activity.ts).
 */
export interface ActivityEnvelope<I> {
  input: I;
  /** The how-manieth call of this step in this saga, from 1. */
  attempt: number;
  traceparent?: string;
  /** Outcome steps: why the saga ends this way. */
  reason?: string;
  /** The first step after a wait: how the wait ended. */
  afterWait?: WaitEnd;
  /** Outcome steps: when the saga began, by the workflow's clock (any replica can run the step). */
  sagaStartedAt?: string;
}

export interface WaitEnd {
  step: WaitStep;
  outcome: 'received' | 'timed_out';
  /** When the wait began, by the workflow's clock. */
  since?: string;
}

export function openEnvelope<I>(payload: unknown): ActivityEnvelope<I> {
  const envelope = payload as Partial<ActivityEnvelope<I>> | undefined;
  if (!envelope || typeof envelope !== 'object' || !('input' in envelope)) {
    // An activity scheduled before envelopes existed, replayed from an older history.
    return { input: payload as I, attempt: 1 };
  }
  return { attempt: 1, ...envelope } as ActivityEnvelope<I>;
}
