import { readStackSecrets, type StackSecrets } from '../../../tools/stack/src/secrets.js';
import { APPS } from '../../../tools/stack/src/topology.js';

/**
 * The callers a test can play, with the local stack's own secrets (data/secrets.json, written on
 * its first start): an operator, an app calling through its own Dapr sidecar, or anything that
 * reaches an app's internal port directly.
 */
export type AppId = (typeof APPS)[number]['id'];
/** The local stack's ports, as its topology gives them. */
export const PORTS = Object.fromEntries(APPS.map((app) => [app.id, { public: app.port, internal: app.internalPort, sidecar: app.dapr.http }])) as Record<
  AppId,
  { public: number; internal: number; sidecar: number }
>;

export function stackSecrets(): StackSecrets & { apps: Record<AppId, StackSecrets['apps'][string]> } {
  const secrets = readStackSecrets();
  if (!secrets) throw new Error('no data/secrets.json: the local stack writes it on its first start');
  return secrets as StackSecrets & { apps: Record<AppId, StackSecrets['apps'][string]> };
}

/** The operator's login: `Authorization: Bearer <OPERATOR_TOKEN>`; the cluster's comes from its Secret. */
export const asOperator = (): Record<string, string> => ({ authorization: `Bearer ${process.env.OPERATOR_TOKEN ?? stackSecrets().operatorToken}` });

export interface Call {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const send = (url: string, { method, body, headers }: Call) =>
  fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && method !== 'GET' && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

/** `caller` invokes `target` through its own sidecar, as the apps do: Dapr's access policy decides. */
export function invokeAs(caller: AppId, target: AppId, call: Call): Promise<Response> {
  const url = `http://127.0.0.1:${PORTS[caller].sidecar}/v1.0/invoke/${target}/method${call.path}`;
  return send(url, { ...call, headers: { 'dapr-api-token': stackSecrets().apps[caller].daprApiToken, ...call.headers } });
}

/** A direct call to an app's internal port (loopback), with whatever headers the test chooses. */
export const callInternal = (app: AppId, call: Call): Promise<Response> => send(`http://127.0.0.1:${PORTS[app].internal}${call.path}`, call);

/** A direct call to an app's public port. */
export const callPublic = (app: AppId, call: Call): Promise<Response> => send(`http://127.0.0.1:${PORTS[app].public}${call.path}`, call);
