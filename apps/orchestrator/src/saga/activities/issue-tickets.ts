import type { Ticket } from '@ticket-saga/contracts';
import { defineActivity } from './activity.js';

/** One ticket code per seat sold. */
export const issueTickets = defineActivity<string, Ticket[]>('issueTickets', ({ inventory }) => (_ctx, orderId) =>
  inventory.issueTickets(orderId),
);
