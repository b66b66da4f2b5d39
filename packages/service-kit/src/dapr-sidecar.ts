import { currentTraceparent } from './trace-context.js';
import { parseJsonOr, sleep } from './util.js';

/**
 * A thin client for the Dapr sidecar's HTTP API. The SDK's client hides status codes and ETags,
 * which the saga needs: a 409 is a business answer and an ETag is how concurrent writers meet.
 */
export interface StateEntry<T> {
  value: T;
  etag: string | undefined;
}

export interface StateWrite {
  key: string;
  value: unknown;
  etag?: string | undefined;
  metadata?: Record<string, string>;
}

export type StateOperation = { operation: 'upsert'; request: StateWrite } | { operation: 'delete'; request: { key: string; etag?: string } };

export interface InvokeResult {
  status: number;
  body: unknown;
}

export class EtagMismatchError extends Error {
  override readonly name = 'EtagMismatchError';
}

export class SidecarError extends Error {
  override readonly name = 'SidecarError';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export class DaprSidecar {
  private readonly baseUrl: string;

  constructor(
    host: string,
    httpPort: number,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = `http://${host}:${httpPort}/v1.0`;
  }

  /** True once the sidecar has loaded its components and can reach out. */
  async isReady(): Promise<boolean> {
    try {
      const res = await fetch(`${this.baseUrl}/healthz/outbound`, { signal: AbortSignal.timeout(2000) });
      return res.status === 204;
    } catch {
      return false;
    }
  }

  async waitUntilReady(timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    while (!(await this.isReady())) {
      if (Date.now() > deadline) {
        throw new SidecarError(`Dapr sidecar at ${this.baseUrl} not ready after ${timeoutSeconds}s`, undefined);
      }
      await sleep(250);
    }
  }

  async getState<T>(store: string, key: string): Promise<StateEntry<T> | undefined> {
    const res = await this.request(`/state/${store}/${encodeURIComponent(key)}`, { method: 'GET' });
    if (res.status === 204) return undefined;
    if (res.status !== 200) throw await this.failure(res, `get state ${store}/${key}`);
    return { value: (await res.json()) as T, etag: res.headers.get('etag') ?? undefined };
  }

  async saveState(store: string, writes: StateWrite[]): Promise<void> {
    const body = writes.map((w) => ({
      key: w.key,
      value: w.value,
      ...(w.etag !== undefined && { etag: w.etag, options: { concurrency: 'first-write' } }),
    }));
    const res = await this.request(`/state/${store}`, { method: 'POST', body: JSON.stringify(body) });
    await this.expectSuccess(res, `save state ${store}`);
  }

  /** Writes several keys atomically; ETags on upserts make the whole transaction conditional. */
  async transact(store: string, operations: StateOperation[], metadata?: Record<string, string>): Promise<void> {
    const body = {
      operations: operations.map((op) =>
        op.operation === 'upsert' && op.request.etag !== undefined ? { ...op, request: { ...op.request, options: { concurrency: 'first-write' } } } : op,
      ),
      ...(metadata && { metadata }),
    };
    const res = await this.request(`/state/${store}/transaction`, { method: 'POST', body: JSON.stringify(body) });
    await this.expectSuccess(res, `state transaction on ${store}`);
  }

  /** Service invocation: returns any status; only transport failures throw. */
  async invoke(appId: string, path: string, init: { method: string; body?: unknown; headers?: Record<string, string> }): Promise<InvokeResult> {
    const res = await this.request(`/invoke/${appId}/method/${path.replace(/^\//, '')}`, {
      method: init.method,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? parseJsonOr(text, text) : undefined };
  }

  /** Publishes through Dapr pub/sub; `metadata` becomes query parameters (cloudevent.type, partitionKey…). */
  async publish(pubsub: string, topic: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(Object.entries(metadata).map(([key, value]) => [`metadata.${key}`, value]));
    const res = await this.request(`/publish/${pubsub}/${topic}?${query}`, { method: 'POST', body: JSON.stringify(data) });
    await this.expectSuccess(res, `publish to ${pubsub}/${topic}`);
  }

  /**
   * Schedules a Dapr job; the sidecar calls the app back on POST /job/{name} when it is due, and
   * again on every `schedule` tick (e.g. "@every 30s") until the job is deleted.
   */
  async scheduleJob(name: string, job: { dueTime: string; schedule?: string; data?: unknown }): Promise<void> {
    const res = await this.request(`/jobs/${encodeURIComponent(name)}`, { method: 'POST', body: JSON.stringify({ ...job, overwrite: true }) });
    await this.expectSuccess(res, `schedule job ${name}`);
  }

  async deleteJob(name: string): Promise<void> {
    const res = await this.request(`/jobs/${encodeURIComponent(name)}`, { method: 'DELETE' });
    await this.expectSuccess(res, `delete job ${name}`);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      const traceparent = currentTraceparent();
      return await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(traceparent && { traceparent }),
          ...(init.headers as Record<string, string>),
        },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new SidecarError(`Dapr sidecar unreachable at ${this.baseUrl}: ${String(cause)}`, undefined);
    }
  }

  private async expectSuccess(res: Response, what: string): Promise<void> {
    if (res.status >= 200 && res.status < 300) return;
    throw await this.failure(res, what);
  }

  private async failure(res: Response, what: string): Promise<Error> {
    const text = await res.text();
    if (res.status === 409 || /etag/i.test(text)) return new EtagMismatchError(`${what}: ${text}`);
    return new SidecarError(`${what} failed with ${res.status}: ${text}`, res.status);
  }
}
