import type { ProductCheck, SagaInput } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** Are the concerts still on sale? An item can be withdrawn after the order was accepted. */
export const checkProducts = defineActivity<SagaInput, ProductCheck>('checkProducts', ({ inventory }) => (_ctx, order) =>
  inventory.checkProducts(order.items.map((item) => item.id)),
);
