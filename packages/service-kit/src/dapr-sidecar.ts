import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { DAPR_API_TOKEN_HEADER } from './auth.js';
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
  /** Without an ETag: write only if the key does not exist yet (a concurrent creation then fails as an ETag mismatch). */
  ifAbsent?: boolean;
  metadata?: Record<string, string>;
}

export type StateOperation = { operation: 'upsert'; request: StateWrite } | { operation: 'delete'; request: { key: string; etag?: string } };

export interface InvokeResult {
  status: number;
  body: unknown;
}

/** A sidecar's answer, read whole: the sidecar's bodies are small JSON documents. */
interface SidecarResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface SidecarRequest {
  method: string;
  body?: string | undefined;
  headers?: Record<string, string> | undefined;
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
  /**
   * Plain node:http over kept-alive connections: every saga step is several sidecar calls, and
   * fetch (undici) spent about a quarter of the orchestrator's CPU on them (measured with
   * --cpu-prof under load). daprd keeps idle connections open, so they are reused.
   */
  private readonly agent = new Agent({ keepAlive: true });

  constructor(
    host: string,
    httpPort: number,
    /** Sent as `dapr-api-token` when the sidecar's API is guarded (DAPR_API_TOKEN). */
    private readonly apiToken?: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = `http://${host}:${httpPort}/v1.0`;
  }

  /** True once the sidecar has loaded its components and can reach out. */
  async isReady(): Promise<boolean> {
    try {
      return (await this.request('/healthz/outbound', { method: 'GET' }, 2000)).status === 204;
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
    if (res.status !== 200) throw this.failure(res, `get state ${store}/${key}`);
    const etag = res.headers.etag;
    return { value: JSON.parse(res.text) as T, etag: Array.isArray(etag) ? etag[0] : etag };
  }

  async saveState(store: string, writes: StateWrite[]): Promise<void> {
    const body = writes.map((w) => ({
      key: w.key,
      value: w.value,
      ...((w.etag !== undefined || w.ifAbsent) && { options: { concurrency: 'first-write' } }),
      ...(w.etag !== undefined && { etag: w.etag }),
      ...(w.metadata && { metadata: w.metadata }),
    }));
    const res = await this.request(`/state/${store}`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status >= 200 && res.status < 300) return;
    const failure = this.failure(res, `save state ${store}`);
    // sqlite answers a lost creation with an ETag mismatch, PostgreSQL with a plain error: that the
    // key exists now is what tells a conflict from a failure, whatever the store.
    if (!(failure instanceof EtagMismatchError)) {
      for (const write of writes.filter((w) => w.ifAbsent && w.etag === undefined)) {
        if (await this.getState(store, write.key)) throw new EtagMismatchError(`save state ${store}: ${write.key} was created meanwhile`);
      }
    }
    throw failure;
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
    this.expectSuccess(res, `state transaction on ${store}`);
  }

  /** Service invocation: returns any status; only transport failures throw. */
  async invoke(appId: string, path: string, init: { method: string; body?: unknown; headers?: Record<string, string> }): Promise<InvokeResult> {
    const res = await this.request(`/invoke/${appId}/method/${path.replace(/^\//, '')}`, {
      method: init.method,
      headers: init.headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: res.text ? parseJsonOr(res.text, res.text) : undefined };
  }

  /** Publishes through Dapr pub/sub; `metadata` becomes query parameters (cloudevent.type, partitionKey…). */
  async publish(pubsub: string, topic: string, data: unknown, metadata: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(Object.entries(metadata).map(([key, value]) => [`metadata.${key}`, value]));
    const res = await this.request(`/publish/${pubsub}/${topic}?${query}`, { method: 'POST', body: JSON.stringify(data) });
    this.expectSuccess(res, `publish to ${pubsub}/${topic}`);
  }

  /**
   * Schedules a Dapr job; the sidecar calls the app back on POST /job/{name} when it is due, and
   * again on every `schedule` tick (e.g. "@every 30s") until the job is deleted.
   */
  async scheduleJob(name: string, job: { dueTime: string; schedule?: string; data?: unknown }): Promise<void> {
    const res = await this.request(`/jobs/${encodeURIComponent(name)}`, { method: 'POST', body: JSON.stringify({ ...job, overwrite: true }) });
    this.expectSuccess(res, `schedule job ${name}`);
  }

  async deleteJob(name: string): Promise<void> {
    const res = await this.request(`/jobs/${encodeURIComponent(name)}`, { method: 'DELETE' });
    this.expectSuccess(res, `delete job ${name}`);
  }

  private request(path: string, { method, body, headers }: SidecarRequest, timeoutMs = this.timeoutMs): Promise<SidecarResponse> {
    const traceparent = currentTraceparent();
    return new Promise((resolve, reject) => {
      const unreachable = (cause: unknown) => reject(new SidecarError(`Dapr sidecar unreachable at ${this.baseUrl}: ${String(cause)}`, undefined));
      const req = httpRequest(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            ...(traceparent && { traceparent }),
            ...(this.apiToken && { [DAPR_API_TOKEN_HEADER]: this.apiToken }),
            ...(body !== undefined && { 'content-length': Buffer.byteLength(body) }),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', unreachable);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', unreachable);
      req.end(body);
    });
  }

  private expectSuccess(res: SidecarResponse, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    throw this.failure(res, what);
  }

  private failure(res: SidecarResponse, what: string): Error {
    if (res.status === 409 || /etag/i.test(res.text)) return new EtagMismatchError(`${what}: ${res.text}`);
    return new SidecarError(`${what} failed with ${res.status}: ${res.text}`, res.status);
  }
}
