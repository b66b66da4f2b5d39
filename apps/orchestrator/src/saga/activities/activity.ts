import type { WorkflowActivityContext } from '@dapr/dapr';
import type { SagaPorts } from '../ports.js';

export type ActivityFn<I, O> = (context: WorkflowActivityContext, input: I) => Promise<O>;

/** A named business step; `create` receives the ports, so the step itself stays testable. */
export interface Activity<I, O> {
  name: string;
  create(ports: SagaPorts): ActivityFn<I, O>;
}

export const defineActivity = <I, O>(name: string, create: (ports: SagaPorts) => ActivityFn<I, O>): Activity<I, O> => ({
  name,
  create,
});
