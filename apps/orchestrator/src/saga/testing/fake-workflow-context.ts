import type { WorkflowContext } from '@dapr/dapr';
import { decodeSagaStatus, type SagaState } from '../saga-state.js';

type FakeTask =
  | { kind: 'activity'; name: string; input: unknown }
  | { kind: 'event'; name: string }
  | { kind: 'timer'; fireAt: Date | number };

/** How the fake answers an activity: a value, or an Error to throw into the workflow. */
export type ActivityScript = Record<string, (input: unknown, attempt: number) => unknown>;

/**
 * A WorkflowContext double that records what the workflow asks for and answers from a script:
 * activities by name, external events from a queue. Replay is the runtime's business, not ours.
 */
export class FakeWorkflowContext {
  readonly activityCalls: Array<{ name: string; input: unknown }> = [];
  readonly states: SagaState[] = [];
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly activities: ActivityScript,
    private readonly events: Record<string, unknown[]> = {},
    private readonly instanceId = '00000000-0000-4000-8000-000000000001',
  ) {}

  getWorkflowInstanceId = () => this.instanceId;
  isReplaying = () => false;
  getCurrentUtcDateTime = () => new Date(0);
  callActivity = (name: string, input?: unknown): FakeTask => ({ kind: 'activity', name, input });
  waitForExternalEvent = (name: string): FakeTask => ({ kind: 'event', name });
  createTimer = (fireAt: Date | number): FakeTask => ({ kind: 'timer', fireAt });

  setCustomStatus = (raw: string) => {
    const status = decodeSagaStatus(raw);
    if (!status) throw new Error(`custom status is not a saga status: ${raw}`);
    this.states.push(status.state);
  };

  asWorkflowContext(): WorkflowContext {
    return this as unknown as WorkflowContext;
  }

  /** Runs the task the workflow yielded; throws what the runtime would throw into it. */
  resolve(task: FakeTask): unknown {
    if (task.kind === 'activity') {
      this.activityCalls.push({ name: task.name, input: task.input });
      const attempt = (this.attempts.get(task.name) ?? 0) + 1;
      this.attempts.set(task.name, attempt);
      const script = this.activities[task.name];
      if (!script) throw new Error(`activity ${task.name} is not scripted`);
      const result = script(task.input, attempt);
      if (result instanceof Error) throw result;
      return result;
    }
    if (task.kind === 'event') {
      const queue = this.events[task.name];
      if (!queue?.length) throw new Error(`the workflow waits for ${task.name}, which never comes`);
      return queue.shift();
    }
    return undefined;
  }

  get activityNames(): string[] {
    return this.activityCalls.map((call) => call.name);
  }
}

/** Drives a workflow generator to its end against the fake context. */
export async function runWorkflow<I, O>(
  workflow: (ctx: WorkflowContext, input: I) => AsyncGenerator<unknown, O, never>,
  ctx: FakeWorkflowContext,
  input: I,
): Promise<O> {
  const generator = workflow(ctx.asWorkflowContext(), input) as AsyncGenerator<unknown, O, unknown>;
  let step = await generator.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = ctx.resolve(step.value as FakeTask);
    } catch (err) {
      step = await generator.throw(err);
      continue;
    }
    step = await generator.next(value);
  }
  return step.value;
}
