import type { OrderStatus } from '@ticket-saga/contracts';

export type FinalStatus = Exclude<OrderStatus, 'PENDING'>;

/**
 * What a step is to the saga, in the usual saga vocabulary:
 * - compensatable: may be undone; bounded retries, then the saga compensates and fails;
 * - pivot: the point of no return, bounded like the steps before it;
 * - retriable: after the pivot, or a side effect of a decision: retried until done;
 * - compensation: undoes a compensatable step, retried until done;
 * - wait: the saga waits for an event, not an activity;
 * - outcome: records the order's final status; the last step of every flow.
 */
export type StepRole = 'compensatable' | 'pivot' | 'retriable' | 'compensation' | 'wait' | 'outcome';

interface StepDefinition {
  role: StepRole;
  /** Outcome steps: the order status they record. */
  status?: FinalStatus;
  /** Compensatable steps: the compensation that undoes them. */
  undoneBy?: string;
}

/**
 * The one list of the saga's steps, in the order of the README's diagram. The workflow's
 * activities, the custom status, the saga log, the metrics labels, the dashboard and the order's
 * `step` all use these names; the tests hold the diagram and the workflow against FLOW below.
 */
export const STEPS = {
  reserveTickets: { role: 'compensatable', undoneBy: 'releaseReservation' },
  rejectOrder: { role: 'outcome', status: 'REJECTED' },
  requestPayment: { role: 'compensatable', undoneBy: 'voidPayment' },
  awaitPayment: { role: 'wait' },
  confirmReservation: { role: 'pivot' },
  issueTickets: { role: 'retriable' },
  completeOrder: { role: 'outcome', status: 'COMPLETED' },
  voidPayment: { role: 'compensation' },
  releaseReservation: { role: 'compensation' },
  declineOrder: { role: 'outcome', status: 'PAYMENT_DECLINED' },
  notifyCustomer: { role: 'retriable' },
  timeOutOrder: { role: 'outcome', status: 'PAYMENT_TIMEOUT' },
  failOrder: { role: 'outcome', status: 'FAILED' },
} as const satisfies Record<string, StepDefinition>;

export type StepName = keyof typeof STEPS;
export type ActivityStep = { [K in StepName]: (typeof STEPS)[K]['role'] extends 'wait' ? never : K }[StepName];
export type OutcomeStep = { [K in StepName]: (typeof STEPS)[K]['role'] extends 'outcome' ? K : never }[StepName];
export type WaitStep = { [K in StepName]: (typeof STEPS)[K]['role'] extends 'wait' ? K : never }[StepName];

export const STEP_NAMES = Object.keys(STEPS) as StepName[];
export const ACTIVITY_STEPS = STEP_NAMES.filter((name) => STEPS[name].role !== 'wait') as ActivityStep[];

export const isStep = (name: string): name is StepName => Object.hasOwn(STEPS, name);
export const roleOf = (step: StepName): StepRole => STEPS[step].role;
const definitionOf = (step: StepName): StepDefinition => STEPS[step];
/** The order status an outcome step records; undefined for every other step. */
export const statusOf = (step: StepName): FinalStatus | undefined => definitionOf(step).status;
/** The compensation that undoes a compensatable step, if it needs one. */
export const undoneBy = (step: StepName): string | undefined => definitionOf(step).undoneBy;

/** Before the pivot has succeeded, a step that keeps failing makes the saga compensate. */
export const isBounded = (step: StepName): boolean => ['compensatable', 'pivot'].includes(roleOf(step));

/** Where a saga starts (the event that starts it) and where every flow ends (the order statuses). */
export const START = 'OrderPlaced';
/** The entry of the branch taken when a bounded step has failed on every attempt. */
export const EXHAUSTED = 'retries exhausted';

/**
 * One branch of the diagram: after `from` (a step, the start, or EXHAUSTED), `when` the decision
 * says so, the saga runs `path` and, if `end` is set, ends with that order status. Compensations in
 * the exhausted branch run only if the step they undo was reached.
 */
export interface Branch {
  from: StepName | typeof START | typeof EXHAUSTED;
  when?: string;
  path: readonly StepName[];
  end?: FinalStatus;
}

/** The saga's flowchart: what the README draws, the dashboard draws and the workflow does. */
export const FLOW: readonly Branch[] = [
  { from: START, path: ['reserveTickets'] },
  { from: 'reserveTickets', when: 'sold out or withdrawn', path: ['rejectOrder'], end: 'REJECTED' },
  { from: 'reserveTickets', when: 'reserved', path: ['requestPayment', 'awaitPayment'] },
  {
    from: 'awaitPayment',
    when: 'no result in time',
    path: ['voidPayment', 'releaseReservation', 'notifyCustomer', 'timeOutOrder'],
    end: 'PAYMENT_TIMEOUT',
  },
  { from: 'awaitPayment', when: 'declined', path: ['releaseReservation', 'declineOrder'], end: 'PAYMENT_DECLINED' },
  { from: 'awaitPayment', when: 'approved', path: ['confirmReservation'] },
  { from: 'confirmReservation', when: 'hold expired', path: ['voidPayment', 'failOrder'], end: 'FAILED' },
  { from: 'confirmReservation', when: 'held', path: ['issueTickets', 'completeOrder'], end: 'COMPLETED' },
  { from: EXHAUSTED, path: ['voidPayment', 'releaseReservation', 'failOrder'], end: 'FAILED' },
];

/** The wait that always follows `step` when it succeeds, if one does: the saga is waiting then. */
export function waitAfter(step: StepName): WaitStep | undefined {
  for (const { path } of FLOW) {
    const next = path[path.indexOf(step) + 1];
    if (path.includes(step) && next && roleOf(next) === 'wait') return next as WaitStep;
  }
  return undefined;
}
