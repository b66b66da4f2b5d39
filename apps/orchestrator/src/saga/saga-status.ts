import { isStep, type StepName } from './steps.js';

/** The workflow's custom status: where the saga is, as the workflow itself tells it. */
export interface SagaStatus {
  /** The step the saga is in (running) or ended with (the outcome step). */
  step: StepName;
  /** Attempt of the current step, from 1; above 1 after technical failures. */
  attempt: number;
  /** Why the previous attempt failed, while the step is being retried. */
  lastError?: string;
}

export const encodeSagaStatus = (status: SagaStatus): string => JSON.stringify(status);

export function decodeSagaStatus(raw: string | undefined): SagaStatus | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<SagaStatus>;
    return typeof parsed.step === 'string' && isStep(parsed.step) ? ({ attempt: 1, ...parsed } as SagaStatus) : undefined;
  } catch {
    return undefined;
  }
}
