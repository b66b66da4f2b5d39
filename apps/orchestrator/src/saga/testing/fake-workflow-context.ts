import type { WorkflowContext } from '@dapr/dapr';
import { openEnvelope, type ActivityEnvelope } from '../activity-envelope.js';
import { decodeSagaStatus, type SagaStatus } from '../saga-status.js';

interface FakeTask {
  kind: 'activity' | 'event' | 'timer' | 'any';
  name?: string;
  input?: unknown;
  seconds?: number;
  tasks?: FakeTask[];
  result?: unknown;
  getResult(): unknown;
}

const task = (fields: Omit<FakeTask, 'getResult'>): FakeTask => ({
  ...fields,
  getResult() {
    return this.result;
  },
});

/** How the fake answers an activity: a value, or an Error to throw into the workflow. */
export type ActivityScript = Record<string, (input: unknown, attempt: number) => unknown>;

/**
 * A WorkflowContext double that records what the workflow asks for and answers from a script:
 * activities by name, external events from a queue. A whenAny with a timer and no queued event
 * lets the timer win. Replay is the runtime's business, not this fake's.
 */
export class FakeWorkflowContext {
  readonly activityCalls: Array<{ name: string } & ActivityEnvelope<unknown>> = [];
  readonly statuses: SagaStatus[] = [];
  /** Every durable timer the workflow waited on, in seconds. */
  readonly timers: number[] = [];
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly activities: ActivityScript,
    private readonly events: Record<string, unknown[]> = {},
    private readonly instanceId = '00000000-0000-4000-8000-000000000001',
  ) {}

  getWorkflowInstanceId = () => this.instanceId;
  isReplaying = () => false;
  getCurrentUtcDateTime = () => new Date(0);
  callActivity = (name: string, input?: unknown) => task({ kind: 'activity', name, input });
  waitForExternalEvent = (name: string) => task({ kind: 'event', name });
  createTimer = (seconds: number) => task({ kind: 'timer', seconds });
  whenAny = (tasks: FakeTask[]) => task({ kind: 'any', tasks });

  setCustomStatus = (raw: string) => {
    const status = decodeSagaStatus(raw);
    if (!status) throw new Error(`custom status is not a saga status: ${raw}`);
    this.statuses.push(status);
  };

  asWorkflowContext(): WorkflowContext {
    return this as unknown as WorkflowContext;
  }

  /** Runs the task the workflow yielded; throws what the runtime would throw into it. */
  resolve(yielded: FakeTask): unknown {
    switch (yielded.kind) {
      case 'activity':
        return this.runActivity(yielded.name!, yielded.input);
      case 'event':
        return this.takeEvent(yielded);
      case 'timer':
        this.timers.push(yielded.seconds!);
        return undefined;
      case 'any': {
        const event = yielded.tasks!.find((t) => t.kind === 'event' && this.events[t.name!]?.length);
        if (event) return (this.takeEvent(event), event);
        const timer = yielded.tasks!.find((t) => t.kind === 'timer');
        if (!timer) throw new Error('whenAny without a ready task');
        this.timers.push(timer.seconds!);
        return timer;
      }
    }
  }

  get activityNames(): string[] {
    return this.activityCalls.map((call) => call.name);
  }

  /** The steps the workflow said it was in, in order, retries collapsed: its path through the diagram. */
  get path(): string[] {
    return this.statuses.map((s) => s.step).filter((step, i, all) => step !== all[i - 1]);
  }

  private runActivity(name: string, payload: unknown): unknown {
    // The runtime wrapper opens the envelope before the activity runs; so does the fake.
    const envelope = openEnvelope(payload);
    this.activityCalls.push({ name, ...envelope });
    const attempt = (this.attempts.get(name) ?? 0) + 1;
    this.attempts.set(name, attempt);
    const script = this.activities[name];
    if (!script) throw new Error(`activity ${name} is not scripted`);
    const result = script(envelope.input, attempt);
    if (result instanceof Error) throw result;
    return result;
  }

  private takeEvent(waiting: FakeTask): unknown {
    const queue = this.events[waiting.name!];
    if (!queue?.length) throw new Error(`the workflow waits for ${waiting.name}, which never comes`);
    waiting.result = queue.shift();
    return waiting.result;
  }
}

/** Drives a workflow generator to its end against the fake context. */
export async function runWorkflow<I, O>(
  workflow: (ctx: WorkflowContext, input: I) => AsyncGenerator<unknown, O, unknown>,
  ctx: FakeWorkflowContext,
  input: I,
): Promise<O> {
  const generator = workflow(ctx.asWorkflowContext(), input);
  let step = await generator.next();
  for (let tasks = 1; !step.done; tasks++) {
    // A workflow that never ends (a step retried forever) fails the test instead of hanging it.
    if (tasks > 500)
      throw new Error(
        `the workflow is still running after 500 tasks; activities: ${ctx.activityNames.slice(0, 12).join(', ')}; last status: ${JSON.stringify(ctx.statuses.at(-1))}`,
      );
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
