import type { NotifyCustomerCommand } from '../saga-types.js';
import { defineActivity } from './activity.js';

/** Tells the customer what happened, through a CustomerNotificationRequested event. */
export const notifyCustomer = defineActivity<NotifyCustomerCommand, void>('notifyCustomer', ({ notifications }) => (_ctx, command) =>
  notifications.notifyCustomer(command),
);
