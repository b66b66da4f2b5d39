import type { OrderItem, PaymentProcessed, PaymentToken, ReservationLine, Ticket } from '@ticket-saga/contracts';
import type { FinalStatus } from './steps.js';

export interface RetryPolicy {
  maxAttempts: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
}

/**
 * Settings are part of the input, fixed when the saga starts: a workflow must decide the same
 * way when it is replayed, even if the orchestrator's configuration changed meanwhile.
 */
export interface SagaSettings {
  paymentTimeoutSeconds: number;
  /** Steps before the pivot: bounded; when exhausted the saga compensates and fails. */
  stepRetry: RetryPolicy;
  /** Compensations, outcomes and the steps after the pivot: retried until they succeed. */
  untilDoneRetry: RetryPolicy;
}

/** The saga's input: what the orchestrator needs of the order. */
export interface SagaInput {
  orderId: string;
  customerId: string;
  amount: number;
  items: OrderItem[];
  paymentToken: PaymentToken;
  settings: SagaSettings;
  /** The trace of the order: every activity's calls continue it. */
  traceparent?: string;
}

export interface SagaResult {
  orderId: string;
  status: FinalStatus;
  reason?: string;
}

export type ReservationResult = { reserved: true } | { reserved: false; reason: string };
export type ConfirmationResult = { confirmed: true } | { confirmed: false; reason: string };

export interface ReserveCommand {
  orderId: string;
  lines: ReservationLine[];
}

export interface PaymentCommand {
  orderId: string;
  customerId: string;
  amount: number;
  paymentToken: PaymentToken;
}

export interface PaymentRequested {
  paymentId: string;
}

export interface OrderOutcomeCommand {
  orderId: string;
  reason: string;
}

export interface CompleteOrderCommand {
  orderId: string;
  tickets: Ticket[];
  paymentId: string;
}

export interface NotifyCustomerCommand {
  orderId: string;
  customerId: string;
  reason: 'PAYMENT_TIMEOUT';
  message: string;
}

export type PaymentResult = Pick<PaymentProcessed, 'paymentId' | 'outcome' | 'reason'>;
