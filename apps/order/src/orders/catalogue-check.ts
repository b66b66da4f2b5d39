import { AppIds, ProductCheckResultSchema, type PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, type DaprSidecar } from '@ticket-saga/service-kit';

/**
 * Refuses an order for concerts that do not exist or are withdrawn, before anything is stored.
 * The saga checks again: an item can be withdrawn between this check and the reservation.
 */
export class CatalogueCheck {
  constructor(private readonly dapr: DaprSidecar) {}

  async assertOnSale(request: PlaceOrderRequest): Promise<void> {
    const itemIds = request.items.map((item) => item.id);
    const { status, body } = await this.dapr.invoke(AppIds.inventory, 'items/check', { method: 'POST', body: { itemIds } });
    const result = ProductCheckResultSchema.safeParse(body);
    if (status !== 200 || !result.success) throw AppError.unavailable('the catalogue cannot be checked right now; retry later');
    const problems = result.data.unavailable.map(({ itemId, reason }) => ({
      field: `items.${itemIds.indexOf(itemId)}.id`,
      reason: reason === 'WITHDRAWN' ? 'withdrawn from sale' : 'unknown item',
    }));
    if (problems.length) throw AppError.unprocessable(problems);
  }
}
