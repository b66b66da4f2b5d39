import { describe, expect, it } from '@jest/globals';
import { KeyedMutex } from './keyed-mutex.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedMutex', () => {
  it('never runs two holders of the same key at once', async () => {
    const mutex = new KeyedMutex();
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mutex.runExclusive(i % 2 ? ['a', 'b'] : ['b'], async () => {
          maxInside = Math.max(maxInside, ++inside);
          await tick();
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
  });

  it('lets different keys run side by side', async () => {
    const mutex = new KeyedMutex();
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      ['a', 'b', 'c'].map((key) =>
        mutex.runExclusive([key], async () => {
          maxInside = Math.max(maxInside, ++inside);
          await tick();
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(3);
  });

  it('releases its keys when the work throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive(['a'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.runExclusive(['a'], () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
