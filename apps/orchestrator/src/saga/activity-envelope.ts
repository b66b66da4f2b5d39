/**
 * What the workflow actually sends an activity: its input plus the saga's trace context. The
 * activities never see the envelope: the runtime wrapper opens it (observed-activity.ts).
 */
export interface ActivityEnvelope<I> {
  input: I;
  traceparent?: string;
}

export const seal = <I>(input: I, traceparent: string | undefined): ActivityEnvelope<I> => ({
  input,
  ...(traceparent && { traceparent }),
});

export function open<I>(payload: unknown): ActivityEnvelope<I> {
  const envelope = payload as Partial<ActivityEnvelope<I>> | undefined;
  if (!envelope || typeof envelope !== 'object' || !('input' in envelope)) {
    // An activity scheduled before envelopes existed, replayed from an older history.
    return { input: payload as I };
  }
  return envelope as ActivityEnvelope<I>;
}
