/**
 * The one list of saga states. While a saga runs, its state is the step it is in (the boxes of
 * the README's diagram); at the end, the outcome. Set as the workflow's custom status.
 */
export enum SagaState {
  ReservingTickets = 'RESERVING_TICKETS',
  RejectingOrder = 'REJECTING_ORDER',
  RequestingPayment = 'REQUESTING_PAYMENT',
  AwaitingPayment = 'AWAITING_PAYMENT',
  ConfirmingReservation = 'CONFIRMING_RESERVATION',
  CompletingOrder = 'COMPLETING_ORDER',
  ReleasingReservation = 'RELEASING_RESERVATION',
  DecliningOrder = 'DECLINING_ORDER',
  Completed = 'COMPLETED',
  Rejected = 'REJECTED',
  PaymentDeclined = 'PAYMENT_DECLINED',
}

export interface SagaStatus {
  state: SagaState;
}

export const encodeSagaStatus = (status: SagaStatus): string => JSON.stringify(status);

export function decodeSagaStatus(raw: string | undefined): SagaStatus | undefined {
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<SagaStatus>;
    return typeof parsed.state === 'string' ? (parsed as SagaStatus) : undefined;
  } catch {
    return undefined;
  }
}
