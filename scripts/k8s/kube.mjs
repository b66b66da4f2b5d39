// kubectl and helm as the cluster check calls them: against the check's API server, failing with
// the tool's own message.
import { spawnSync } from 'node:child_process';

export const log = (message) => console.error(`\x1b[1m[${process.env.LOG_TAG ?? 'check:k8s'}]\x1b[0m ${message}`);

function run(tool, args, { allowFailure = false, input } = {}) {
  const result = spawnSync(tool, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${tool}: ${result.error.message}`);
  if (result.status !== 0 && !allowFailure) throw new Error(`${tool} ${args.join(' ')} failed:\n${result.stderr.trim()}`);
  return result;
}

export const kubectl = (args, options) => run(process.env.KUBECTL ?? 'kubectl', args, options);
export const helm = (args, options) => run(process.env.HELM ?? 'helm', args, options);

export const getJson = (...args) => JSON.parse(kubectl(['get', ...args, '-o', 'json']).stdout);

/** The first pod a Deployment's ReplicaSet created, once there is one. */
export function podOf(deployment, namespace = deployment.metadata.namespace ?? 'default') {
  const selector = Object.entries(deployment.spec.selector.matchLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return waitFor(`a pod of Deployment ${deployment.metadata.name}`, () => getJson('pods', '-n', namespace, '-l', selector).items[0]);
}

/** Polls `read` until it returns a value, or fails with `what` at the deadline. */
export async function waitFor(what, read, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
