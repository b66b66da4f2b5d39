import { STARTED_HERE, stack } from './global-setup.js';

/** Takes down the stack that global-setup.ts brought up; a stack that was reused stays up. */
export default function teardown(): void {
  if ((globalThis as Record<symbol, unknown>)[STARTED_HERE]) stack('down');
}
