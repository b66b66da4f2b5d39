import type { Task, WorkflowContext } from '@dapr/dapr';
import { WorkflowEvents } from '@ticket-saga/contracts';
import type { PaymentResult } from './saga-types.js';

/**
 * Waits for the payment result, or for the deadline, whichever comes first; undefined means the
 * deadline. A result that comes later is buffered by the runtime and never read.
 */
export async function* awaitPayment(
  ctx: WorkflowContext,
  timeoutSeconds: number,
): AsyncGenerator<Task<unknown>, PaymentResult | undefined, unknown> {
  const result = ctx.waitForExternalEvent(WorkflowEvents.PaymentProcessed) as Task<PaymentResult>;
  const deadline = ctx.createTimer(timeoutSeconds);
  const winner = yield ctx.whenAny([result, deadline]);
  return winner === result ? result.getResult() : undefined;
}
