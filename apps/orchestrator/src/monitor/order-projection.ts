import { AppIds, type OrderProgress } from '@ticket-saga/contracts';
import type { DaprSidecar, Logger } from '@ticket-saga/service-kit';

/**
 * Keeps each order's view of its saga (step and attempt) in the order service's own store, so
 * that a customer polling an order costs one local read there and never the workflow engine.
 * Best effort and out of the saga's way: a lost report is replaced by the next one.
 */
export class OrderProjection {
  constructor(
    private readonly dapr: DaprSidecar,
    private readonly logger: Logger,
  ) {}

  report(orderId: string, progress: OrderProgress): void {
    void this.send(orderId, progress);
  }

  private async send(orderId: string, progress: OrderProgress): Promise<void> {
    try {
      const { status, body } = await this.dapr.invoke(AppIds.order, `orders/${encodeURIComponent(orderId)}/progress`, { method: 'PUT', body: progress });
      if (status !== 204) this.logger.warn({ orderId, status, body }, 'order progress not recorded');
    } catch (err) {
      this.logger.warn({ err, orderId }, 'order progress not recorded');
    }
  }
}
