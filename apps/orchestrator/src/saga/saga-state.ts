/**
 * The one list of saga states. While a saga runs, its state is the step it is in (the boxes of
 * the README's diagram); at the end, its outcome. Set as the workflow's custom status.
 */
export enum SagaState {
  CheckingProducts = 'CHECKING_PRODUCTS',
  ReservingTickets = 'RESERVING_TICKETS',
  RejectingOrder = 'REJECTING_ORDER',
  RequestingPayment = 'REQUESTING_PAYMENT',
  AwaitingPayment = 'AWAITING_PAYMENT',
  ConfirmingReservation = 'CONFIRMING_RESERVATION',
  IssuingTickets = 'ISSUING_TICKETS',
  CompletingOrder = 'COMPLETING_ORDER',
  VoidingPayment = 'VOIDING_PAYMENT',
  ReleasingReservation = 'RELEASING_RESERVATION',
  DecliningOrder = 'DECLINING_ORDER',
  TimingOutOrder = 'TIMING_OUT_ORDER',
  NotifyingCustomer = 'NOTIFYING_CUSTOMER',
  FailingOrder = 'FAILING_ORDER',
  Completed = 'COMPLETED',
  Rejected = 'REJECTED',
  PaymentDeclined = 'PAYMENT_DECLINED',
  PaymentTimeout = 'PAYMENT_TIMEOUT',
  Failed = 'FAILED',
}

export interface SagaStatus {
  state: SagaState;
  /** Attempt of the current step, from 1; above 1 after technical failures. */
  attempt: number;
  /** Why the previous attempt failed, while the step is being retried. */
  lastError?: string;
}

export const encodeSagaStatus = (status: SagaStatus): string => JSON.stringify(status);

export function decodeSagaStatus(raw: string | undefined): SagaStatus | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<SagaStatus>;
    return typeof parsed.state === 'string' ? { attempt: 1, ...parsed } as SagaStatus : undefined;
  } catch {
    return undefined;
  }
}
