import { AppIds, SagaViewSchema, type SagaView } from '@ticket-saga/contracts';
import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';

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
}
