import type { ReservationLine, Ticket } from '@ticket-saga/contracts';
import type { CompleteOrderCommand, ConfirmationResult, NotifyCustomerCommand, PaymentCommand, PaymentRequested, ReservationResult } from './saga-types.js';
import type { FinalStatus } from './steps.js';

/** What the saga's activities need from the other services; adapters implement it over Dapr. */
export interface InventoryPort {
  reserve(reservationId: string, lines: ReservationLine[]): Promise<ReservationResult>;
  confirm(reservationId: string): Promise<ConfirmationResult>;
  release(reservationId: string): Promise<void>;
  issueTickets(reservationId: string): Promise<Ticket[]>;
}

export interface PaymentPort {
  request(command: PaymentCommand): Promise<PaymentRequested>;
  void(orderId: string): Promise<void>;
}

export interface OrderPort {
  recordOutcome(orderId: string, status: Exclude<FinalStatus, 'COMPLETED'>, reason: string): Promise<void>;
  complete(command: CompleteOrderCommand): Promise<void>;
}

export interface NotificationPort {
  notifyCustomer(command: NotifyCustomerCommand): Promise<void>;
}

export interface SagaPorts {
  inventory: InventoryPort;
  payment: PaymentPort;
  orders: OrderPort;
  notifications: NotificationPort;
}
