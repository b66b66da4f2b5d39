import { AppIds } from '@ticket-saga/contracts';
import { AppError, type DaprSidecar } from '@ticket-saga/service-kit';

/** Reads an order's saga log from the orchestrator, which keeps it. */
export class SagaLookup {
  constructor(private readonly dapr: DaprSidecar) {}

  /** The saga log; undefined while the saga has not started yet. */
  async timeline(orderId: string): Promise<unknown[] | undefined> {
    const { status, body } = await this.dapr.invoke(AppIds.orchestrator, `sagas/${encodeURIComponent(orderId)}/timeline`, { method: 'GET' });
    if (status === 404) return undefined;
    if (status !== 200 || !Array.isArray(body)) throw AppError.unavailable('the saga log cannot be read right now');
    return body;
  }
}
