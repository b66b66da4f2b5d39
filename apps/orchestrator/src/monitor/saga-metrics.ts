import { Counter, Gauge, Histogram, type Registry } from '@ticket-saga/service-kit';

const SAGA_BUCKETS = [0.5, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89];
const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The saga's Prometheus metrics; names follow Prometheus conventions (base units, _total). */
export function sagaMetrics(registry: Registry, live: { inFlight: () => number; stuck: () => number }) {
  const registers = [registry];
  return {
    sagaDuration: new Histogram({
      name: 'ticketsaga_saga_duration_seconds',
      help: 'Time from OrderPlaced to the saga outcome, by outcome (the order status)',
      labelNames: ['outcome'],
      buckets: SAGA_BUCKETS,
      registers,
    }),
    sagaFailures: new Counter({
      name: 'ticketsaga_saga_failures_total',
      help: 'Sagas that did not complete, by reason (REJECTED, PAYMENT_DECLINED, PAYMENT_TIMEOUT, FAILED)',
      labelNames: ['reason'],
      registers,
    }),
    steps: new Counter({
      name: 'ticketsaga_saga_steps_total',
      help: 'Saga step executions (activity attempts), by step and outcome',
      labelNames: ['step', 'outcome'],
      registers,
    }),
    stepDuration: new Histogram({
      name: 'ticketsaga_saga_step_duration_seconds',
      help: 'Duration of a saga step execution, by step and outcome',
      labelNames: ['step', 'outcome'],
      buckets: STEP_BUCKETS,
      registers,
    }),
    paymentWait: new Histogram({
      name: 'ticketsaga_payment_wait_seconds',
      help: 'Time from the payment request to its result on Kafka',
      buckets: STEP_BUCKETS,
      registers,
    }),
    retries: new Counter({
      name: 'ticketsaga_saga_retries_total',
      help: 'Step attempts after a technical failure, by step',
      labelNames: ['step'],
      registers,
    }),
    compensations: new Counter({
      name: 'ticketsaga_saga_compensations_total',
      help: 'Compensating steps completed, by step',
      labelNames: ['step'],
      registers,
    }),
    inFlight: new Gauge({
      name: 'ticketsaga_sagas_in_flight',
      help: 'Sagas started and not finished (among those this orchestrator has seen)',
      registers,
      collect() {
        this.set(live.inFlight());
      },
    }),
    stuck: new Gauge({
      name: 'ticketsaga_sagas_stuck',
      help: 'Sagas running for longer than STUCK_SAGA_SECONDS',
      registers,
      collect() {
        this.set(live.stuck());
      },
    }),
  };
}

export type SagaMetrics = ReturnType<typeof sagaMetrics>;
