import { describe, expect, it } from '@jest/globals';
import { childTraceparent, currentTraceparent, isTraceparent, traceIdOf, withTraceparent } from './trace-context.js';

const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('makes a child span in the same trace, or a new trace', () => {
    const child = childTraceparent(parent);
    expect(isTraceparent(child)).toBe(true);
    expect(traceIdOf(child)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child).not.toBe(parent);
    expect(traceIdOf(childTraceparent())).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf(childTraceparent())).not.toBe(traceIdOf(childTraceparent()));
  });

  it('is carried through async work, and replaced when malformed', async () => {
    const seen = await withTraceparent(parent, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentTraceparent();
    });
    expect(seen).toBe(parent);
    expect(currentTraceparent()).toBeUndefined();
    expect(isTraceparent(withTraceparent('garbage', () => currentTraceparent()))).toBe(true);
  });
});
