import { EtagMismatchError } from './dapr-sidecar.js';
import { sleep } from './util.js';

/** Re-runs a read-modify-write until its ETag-guarded write wins, with jittered backoff. */
export async function retryOnEtagMismatch<T>(work: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof EtagMismatchError) || attempt >= attempts) throw err;
      const delayMs = Math.min(200, 5 * 2 ** attempt) * Math.random();
      await sleep(delayMs);
    }
  }
}
