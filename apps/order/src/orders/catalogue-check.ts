import { AppIds, ProductCheckResultSchema, type PlaceOrderRequest } from '@ticket-saga/contracts';
import { AppError, type DaprSidecar } from '@ticket-saga/service-kit';
import { demandByItem } from './order.js';

const SOLD_OUT_MEMORY_MS = 1_000;

/** An item the door saw without enough tickets on sale for this order. */
export interface DoorShortage {
  itemId: string;
  requested: number;
  available: number;
}

/**
 * The door of the box office, before anything is stored: refuses orders for concerts that do not
 * exist or are withdrawn (422), and tells which items have too few tickets left to serve this
 * order. Only a hint: the saga checks again and its reservation stays the one authority.
 */
export class CatalogueCheck {
  /** When each item was last seen with no ticket left. */
  private readonly soldOutSince = new Map<string, number>();

  constructor(
    private readonly dapr: DaprSidecar,
    private readonly now: () => number = Date.now,
  ) {}

  async shortages(request: PlaceOrderRequest): Promise<DoorShortage[]> {
    const itemIds = request.items.map((item) => item.id);
    const { status, body } = await this.dapr.invoke(AppIds.inventory, 'items/check', { method: 'POST', body: { itemIds } });
    const result = ProductCheckResultSchema.safeParse(body);
    if (status !== 200 || !result.success) throw AppError.unavailable('the catalogue cannot be checked right now; retry later');
    const problems = result.data.unavailable.map(({ itemId, reason }) => ({
      field: `items.${itemIds.indexOf(itemId)}.id`,
      reason: reason === 'WITHDRAWN' ? 'withdrawn from sale' : 'unknown item',
    }));
    if (problems.length) throw AppError.unprocessable(problems);
    for (const [itemId, available] of Object.entries(result.data.available)) {
      if (available === 0) this.soldOutSince.set(itemId, this.now());
      else this.soldOutSince.delete(itemId);
    }
    return [...demandByItem(request)].flatMap(([itemId, requested]) => {
      const available = result.data.available[itemId];
      return available !== undefined && available < requested ? [{ itemId, requested, available }] : [];
    });
  }

  /**
   * At a rush, most orders after the last ticket ask for an item just seen sold out: for a second
   * the door answers them from memory instead of asking the inventory again for each.
   */
  knownSoldOut(request: PlaceOrderRequest): DoorShortage[] | undefined {
    const fresh = (itemId: string) => this.now() - (this.soldOutSince.get(itemId) ?? -Infinity) < SOLD_OUT_MEMORY_MS;
    const demand = [...demandByItem(request)].filter(([itemId]) => fresh(itemId));
    return demand.length ? demand.map(([itemId, requested]) => ({ itemId, requested, available: 0 })) : undefined;
  }
}
