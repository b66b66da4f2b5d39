import type { ReservationLine } from '@ticket-saga/contracts';
import type { OrderOutcomeCommand, PaymentRequested, ReservationResult, SagaInput } from './saga-types.js';

/** What the saga's activities need from the other services; adapters implement it over Dapr. */
export interface InventoryPort {
  reserve(reservationId: string, lines: ReservationLine[]): Promise<ReservationResult>;
  confirm(reservationId: string): Promise<void>;
  release(reservationId: string): Promise<void>;
}

export interface PaymentPort {
  request(order: SagaInput): Promise<PaymentRequested>;
}

export interface OrderPort {
  recordOutcome(command: OrderOutcomeCommand): Promise<void>;
}

export interface SagaPorts {
  inventory: InventoryPort;
  payment: PaymentPort;
  orders: OrderPort;
}
