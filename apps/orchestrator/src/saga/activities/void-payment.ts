import { defineActivity } from './activity.js';

/** Compensation of requestPayment: nothing is charged after this; an approval already made is refunded. */
export const voidPayment = defineActivity<string, void>('voidPayment', ({ payment }) => (_ctx, orderId) =>
  payment.void(orderId),
);
