import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

/** The cluster of kind-config.yaml and the release of the Tiltfile. */
export const CONTEXT = 'kind-ticket-saga';
export const RELEASE = 'ticket-saga';
export const OUT = process.env.CLUSTER_OUT ?? '.run/k8s/test-cluster';

const run = promisify(execFile);

export async function kubectl(...args: string[]): Promise<string> {
  return (await run('kubectl', ['--context', CONTEXT, ...args], { maxBuffer: 16 << 20 })).stdout;
}

export async function secret(name: string, key: string): Promise<string> {
  return Buffer.from(await kubectl('get', 'secret', name, '-o', `jsonpath={.data.${key}}`), 'base64').toString();
}

/**
 * `kubectl port-forward` to each Service, on local ports of its own (clear of the local stack's),
 * restarted after the pod behind it is replaced: a forward follows one pod and ends with it.
 */
export class Forwards {
  private readonly running = new Map<string, ChildProcess>();

  constructor(private readonly ports: Record<string, { local: number; remote: number; ready: string }>) {}

  url(service: string): string {
    return `http://127.0.0.1:${this.ports[service]!.local}`;
  }

  /** (Re)starts every forward that is not running, and waits until each answers its ready path. */
  async ready(timeoutMs = 120_000): Promise<void> {
    for (const [service, { local, remote, ready }] of Object.entries(this.ports)) {
      const deadline = Date.now() + timeoutMs;
      while (!(await answers(`${this.url(service)}${ready}`))) {
        if (Date.now() > deadline) throw new Error(`port-forward to ${service} (${local}:${remote}) not answering ${ready} after ${timeoutMs} ms`);
        const current = this.running.get(service);
        if (!current || current.exitCode !== null || current.signalCode !== null) {
          this.running.set(
            service,
            spawn('kubectl', ['--context', CONTEXT, 'port-forward', `svc/${RELEASE}-${service}`, `${local}:${remote}`], { stdio: 'ignore' }),
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  stop(): void {
    for (const child of this.running.values()) child.kill();
    this.running.clear();
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status < 500;
  } catch {
    return false;
  }
}

/** Runs a command to its end with the test's environment, its output into a log under OUT. */
export function runLogged(command: string, args: string[], log: string, env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `exec "$0" "$@" >>"${OUT}/${log}" 2>&1`, command, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** CPU seconds used so far by the node and by each container (pod name without its hash), from the kubelet's summary API. */
export async function cpuSeconds(): Promise<Map<string, number>> {
  const summary = JSON.parse(await kubectl('get', '--raw', '/api/v1/nodes/ticket-saga-control-plane/proxy/stats/summary')) as {
    node: { cpu: { usageCoreNanoSeconds: number } };
    pods: Array<{ podRef: { name: string }; containers: Array<{ name: string; cpu?: { usageCoreNanoSeconds?: number } }> }>;
  };
  const used = new Map<string, number>([['node (everything on it)', summary.node.cpu.usageCoreNanoSeconds / 1e9]]);
  for (const pod of summary.pods) {
    const owner = pod.podRef.name.replace(/(-[a-z0-9]{8,10})?-[a-z0-9]{5}$|-\d+$/, '');
    for (const c of pod.containers) used.set(`${owner}/${c.name}`, (used.get(`${owner}/${c.name}`) ?? 0) + (c.cpu?.usageCoreNanoSeconds ?? 0) / 1e9);
  }
  return used;
}
