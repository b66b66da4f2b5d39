/** Dapr app ids: the names services use to reach each other through service invocation. */
export const AppIds = {
  order: 'order',
  orchestrator: 'orchestrator',
  inventory: 'inventory',
  payment: 'payment',
} as const;

/** Dapr component names, as declared in components/. */
export const Components = {
  pubsub: 'kafka-pubsub',
  orderStore: 'order-store',
  inventoryStore: 'inventory-store',
  paymentStore: 'payment-store',
  workflowStore: 'workflow-store',
  sagaLogStore: 'saga-log-store',
} as const;

/** Kafka topics. */
export const Topics = {
  orders: 'orders',
  paymentResults: 'payment-results',
  paymentResultsDeadLetter: 'payment-results-dead-letter',
  notifications: 'customer-notifications',
} as const;

/** Business events, named in the past tense; also the CloudEvent `type` on the wire. */
export const Events = {
  OrderPlaced: 'ticketsaga.order.placed.v1',
  PaymentProcessed: 'ticketsaga.payment.processed.v1',
  CustomerNotificationRequested: 'ticketsaga.customer.notification-requested.v1',
} as const;

/** The workflow's external event that carries the payment result into a waiting saga. */
export const WorkflowEvents = {
  PaymentProcessed: 'PaymentProcessed',
} as const;

/** The saga workflow's registered name. */
export const WorkflowNames = {
  ticketSaga: 'ticketSaga',
} as const;

export const CloudEventSources = {
  payment: '/ticket-saga/payment',
  orchestrator: '/ticket-saga/orchestrator',
} as const;

/** The header that makes POST /orders safe to retry. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
