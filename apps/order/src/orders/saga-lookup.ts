import { AppIds, SagaViewSchema, type SagaView } from '@ticket-saga/contracts';
import { AppError, type DaprSidecar, type Logger } from '@ticket-saga/service-kit';

/** Asks the orchestrator where an order's saga stands; an unreachable orchestrator means "unknown". */
export class SagaLookup {
  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
  ) {}

  async find(orderId: string): Promise<SagaView | undefined> {
    try {
      const { status, body } = await this.dapr.invoke(AppIds.orchestrator, `sagas/${encodeURIComponent(orderId)}`, { method: 'GET' });
      if (status !== 200) return undefined;
      const view = SagaViewSchema.safeParse(body);
      return view.success ? view.data : undefined;
    } catch (err) {
      this.logger.warn({ err, orderId }, 'saga lookup failed');
      return undefined;
    }
  }

  /** The saga log; undefined while the saga has not started yet. */
  async timeline(orderId: string): Promise<unknown[] | undefined> {
    const { status, body } = await this.dapr.invoke(AppIds.orchestrator, `sagas/${encodeURIComponent(orderId)}/timeline`, { method: 'GET' });
    if (status === 404) return undefined;
    if (status !== 200 || !Array.isArray(body)) throw AppError.unavailable('the saga log cannot be read right now');
    return body;
  }
}
