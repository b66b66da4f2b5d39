import { describe, expect, it } from '@jest/globals';
import { ACTIVITY_STEPS, EXHAUSTED, FLOW, roleOf, START, STEP_NAMES, statusOf, undoneBy, waitAfter, type StepName } from './steps.js';
import { walkFlow } from './testing/walk-flow.js';

describe('the saga steps and their flow', () => {
  it('every step is drawn, and every drawn step is defined', () => {
    const drawn = new Set(FLOW.flatMap((b) => b.path));
    expect([...drawn].sort()).toEqual([...STEP_NAMES].sort());
    for (const { from } of FLOW) expect([START, EXHAUSTED, ...STEP_NAMES]).toContain(from);
  });

  it('the outcome step runs last: a flow ends exactly at an outcome step recording that end', () => {
    for (const branch of FLOW) {
      const outcomes = branch.path.filter((step) => roleOf(step) === 'outcome');
      if (branch.end) {
        expect({ after: branch.from, outcomes }).toEqual({ after: branch.from, outcomes: [branch.path.at(-1)] });
        expect(statusOf(branch.path.at(-1)!)).toBe(branch.end);
      } else {
        expect({ after: branch.from, outcomes }).toEqual({ after: branch.from, outcomes: [] });
      }
    }
  });

  it('a branch that does not end continues from its last step, which only it leads to', () => {
    for (const branch of FLOW.filter((b) => !b.end)) {
      const last = branch.path.at(-1)!;
      expect(FLOW.filter((b) => b.from === last).map((b) => b.from)).toContain(last);
      expect(FLOW.filter((b) => !b.end && b.path.at(-1) === last)).toHaveLength(1);
    }
  });

  it('decisions name their branches; compensations undo a compensatable step', () => {
    for (const from of new Set(FLOW.map((b) => b.from))) {
      const branches = FLOW.filter((b) => b.from === from);
      if (branches.length > 1) expect(branches.every((b) => b.when)).toBe(true);
    }
    const undone = STEP_NAMES.flatMap((s) => undoneBy(s) ?? []);
    expect(STEP_NAMES.filter((s) => roleOf(s) === 'compensation').sort()).toEqual([...undone].sort());
  });

  it('exactly one pivot, and the wait follows the payment request', () => {
    expect(STEP_NAMES.filter((s) => roleOf(s) === 'pivot')).toEqual(['confirmReservation']);
    expect(waitAfter('requestPayment')).toBe('awaitPayment');
    expect(ACTIVITY_STEPS).not.toContain('awaitPayment');
  });

  it('the walker accepts the drawn paths and refuses others', () => {
    const approved: StepName[] = ['reserveTickets', 'requestPayment', 'awaitPayment', 'confirmReservation', 'issueTickets', 'completeOrder'];
    expect(walkFlow(approved)).toBe('COMPLETED');
    expect(walkFlow(['reserveTickets', 'releaseReservation', 'failOrder'])).toBe('FAILED');
    expect(() => walkFlow(['reserveTickets', 'failOrder'])).toThrow(/not a path/);
    expect(() => walkFlow(approved.slice(0, -1))).toThrow(/not a path/);
    expect(() => walkFlow([...approved.slice(0, 4), 'voidPayment', 'releaseReservation', 'timeOutOrder', 'notifyCustomer'])).toThrow(/not a path/);
  });
});
