import { DaprWorkflowClient, WorkflowRuntimeStatus } from '@dapr/dapr';
import { WorkflowEvents, WorkflowNames, type SagaView } from '@ticket-saga/contracts';
import { traceIdOf, type Logger } from '@ticket-saga/service-kit';
import { decodeSagaStatus } from '../saga/saga-status.js';
import type { PaymentResult, SagaInput, SagaResult } from '../saga/saga-types.js';

function inputOf(serialized: string | undefined): Partial<SagaInput> | undefined {
  try {
    return serialized ? (JSON.parse(serialized) as Partial<SagaInput>) : undefined;
  } catch {
    return undefined;
  }
}

export type DeliveryOutcome = 'delivered' | 'unknown-saga' | 'saga-finished';

const RUNNING = new Set([WorkflowRuntimeStatus.RUNNING, WorkflowRuntimeStatus.PENDING, WorkflowRuntimeStatus.SUSPENDED]);

/** Starts sagas, reads them and delivers external events, through the Dapr workflow client. */
export class SagaService {
  constructor(
    private readonly client: DaprWorkflowClient,
    private readonly logger: Logger,
  ) {}

  /** Idempotent: the order id is the instance id, and a saga that exists is never started again. */
  async start(input: SagaInput): Promise<'started' | 'already-started'> {
    if (await this.client.getWorkflowState(input.orderId, false)) return 'already-started';
    try {
      await this.client.scheduleNewWorkflow(WorkflowNames.ticketSaga, input, input.orderId);
      return 'started';
    } catch (err) {
      // Two deliveries of the same OrderPlaced can race past the check above.
      if (await this.client.getWorkflowState(input.orderId, false)) return 'already-started';
      throw err;
    }
  }

  async view(orderId: string): Promise<SagaView | undefined> {
    // Payloads are needed: the custom status travels with them.
    const state = await this.client.getWorkflowState(orderId, true);
    if (!state) return undefined;
    const status = decodeSagaStatus(state.customStatus);
    return {
      orderId,
      runtimeStatus: WorkflowRuntimeStatus[state.runtimeStatus],
      step: status?.step ?? null,
      attempt: status?.attempt ?? null,
      lastError: status?.lastError ?? null,
      traceId: traceIdOf(inputOf(state.serializedInput)?.traceparent) ?? null,
      createdAt: state.createdAt?.toISOString() ?? null,
      lastUpdatedAt: state.lastUpdatedAt?.toISOString() ?? null,
      failure: state.workflowFailureDetails?.getErrorMessage() ?? null,
    };
  }

  /** How a saga ended, from its workflow: undefined while it runs (or if it never existed). */
  async outcome(orderId: string): Promise<Pick<SagaResult, 'status' | 'reason'> | undefined> {
    const state = await this.client.getWorkflowState(orderId, true);
    if (!state || RUNNING.has(state.runtimeStatus)) return undefined;
    if (state.runtimeStatus === WorkflowRuntimeStatus.COMPLETED) {
      const result = JSON.parse(state.serializedOutput ?? '{}') as Partial<SagaResult>;
      if (result.status) return { status: result.status, ...(result.reason && { reason: result.reason }) };
    }
    return { status: 'FAILED', reason: `workflow ${WorkflowRuntimeStatus[state.runtimeStatus]}` };
  }

  /** Operator actions the dashboard offers; Dapr enforces what is allowed in which state. */
  async terminate(orderId: string, reason: string): Promise<void> {
    await this.client.terminateWorkflow(orderId, { terminatedBy: 'operator', reason });
    this.logger.warn({ orderId, reason }, 'saga terminated by an operator');
  }

  async purge(orderId: string): Promise<boolean> {
    const purged = await this.client.purgeWorkflow(orderId);
    this.logger.warn({ orderId, purged }, 'saga history purged by an operator');
    return purged;
  }

  /** A result for a saga that does not exist or has ended changes nothing: it is reported, not raised. */
  async deliverPaymentResult(orderId: string, result: PaymentResult): Promise<DeliveryOutcome> {
    const state = await this.client.getWorkflowState(orderId, false);
    if (!state) return 'unknown-saga';
    if (!RUNNING.has(state.runtimeStatus)) return 'saga-finished';
    await this.client.raiseEvent(orderId, WorkflowEvents.PaymentProcessed, result);
    this.logger.info({ orderId, paymentId: result.paymentId, outcome: result.outcome }, 'payment result raised');
    return 'delivered';
  }
}
