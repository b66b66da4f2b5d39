/**
 * Takes down the stack that global-setup.ts brought up; a stack that was reused stays up. Jest
 * runs both hooks in one process, so the setup leaves the way down on the global object (this
 * file imports nothing: jest resolves a hook's imports without the tests' module mapping).
 */
export default function teardown(): void {
  const takeDown = (globalThis as Record<symbol, unknown>)[Symbol.for('ticket-saga.take-the-stack-down')];
  if (typeof takeDown === 'function') takeDown();
}
