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
}

export interface WaitEnd {
  step: WaitStep;
  outcome: 'received' | 'timed_out';
}

export function openEnvelope<I>(payload: unknown): ActivityEnvelope<I> {
  const envelope = payload as Partial<ActivityEnvelope<I>> | undefined;
  if (!envelope || typeof envelope !== 'object' || !('input' in envelope)) {
    // An activity scheduled before envelopes existed, replayed from an older history.
    return { input: payload as I, attempt: 1 };
  }
  return { attempt: 1, ...envelope } as ActivityEnvelope<I>;
}
