import { Counter, type Registry } from '@ticket-saga/service-kit';
import type { Refusal } from './orders.service.js';

/** Orders the box office turned away at the door, by reason: the rush made visible. */
export function refusalCounter(registry: Registry): (why: Refusal) => void {
  const refused = new Counter({
    name: 'orders_refused_total',
    help: 'Orders answered at the door without a saga: sold_out (201, REJECTED), customer_limit (422), admission (503)',
    labelNames: ['reason'],
    registers: [registry],
  });
  return (why) => refused.inc({ reason: why });
}
