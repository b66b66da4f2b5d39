import type { OrderItem, OrderStatus, PaymentProcessed } from '@ticket-saga/contracts';

/** The saga's input: what the orchestrator needs of the order, fixed when the saga starts. */
export interface SagaInput {
  orderId: string;
  customerId: string;
  amount: number;
  items: OrderItem[];
}

export interface SagaResult {
  orderId: string;
  status: Exclude<OrderStatus, 'PENDING'>;
  reason?: string;
}

export type ReservationResult = { reserved: true } | { reserved: false; reason: string };

export interface PaymentRequested {
  paymentId: string;
}

export interface OrderOutcomeCommand {
  orderId: string;
  status: SagaResult['status'];
  reason?: string;
}

export type PaymentResult = Pick<PaymentProcessed, 'paymentId' | 'outcome' | 'reason'>;
