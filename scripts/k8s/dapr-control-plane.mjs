// Runs Dapr's sentry and sidecar injector, built from the Dapr module, as the installed Dapr chart
// configures them (its args and env), as local processes against the check's API server: there is
// no kubelet to run the chart's pods. What a pod would get from Kubernetes comes from the same
// API objects: the projected service-account token (a TokenRequest bound to a real Pod object,
// with the chart's audience), the trust bundle (the ConfigMap sentry writes), the namespace.
// The webhook Service reaches the injector through its Endpoints, as it would the pod's IP.
import { spawn } from 'node:child_process';
import { chownSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { getJson, helm, kubectl, log, podOf, waitFor } from './kube.mjs';

const NAMESPACE = 'dapr-system';
const WEBHOOK_IP = process.env.WEBHOOK_IP ?? '10.250.0.1';
const DAPR_UID = 65532;
const PORTS = { sentry: 25001, sentryHealthz: 25080, sentryMetrics: 25090, injector: 4000, injectorHealthz: 24080, injectorMetrics: 24090 };

const running = [];
const removeAtStop = [];

export async function startDaprControlPlane(workDir) {
  const dir = join(workDir, 'dapr-control-plane');
  mkdirSync(dir, { recursive: true });
  const where = { logs: dir, home: homeFolder() };
  const deployments = chartDeployments();
  const trustBundle = await startSentry(deployments.get('dapr-sentry'), where);
  await startInjector(deployments.get('dapr-sidecar-injector'), where, trustBundle);
}

/**
 * What the control plane reads (the kubeconfig, its pods' volumes) and where it runs from: a
 * folder of its own user's, outside the project, whose folders that user may not be able to
 * enter (a clone in a private temporary folder is one).
 */
function homeFolder() {
  const folder = mkdtempSync(join(tmpdir(), 'ticket-saga-dapr-'));
  removeAtStop.push(folder);
  // The API server's kubeconfig is private to its owner; the control plane runs as another user.
  copyFileSync(process.env.KUBECONFIG, join(folder, 'kubeconfig'));
  chownSync(join(folder, 'kubeconfig'), DAPR_UID, DAPR_UID);
  chownSync(folder, DAPR_UID, DAPR_UID);
  return folder;
}

/** Stops whatever startDaprControlPlane started, also after it failed half-way. */
export async function stopDaprControlPlane() {
  await Promise.all(running.splice(0).map((stop) => stop()));
  for (const folder of removeAtStop.splice(0)) rmSync(folder, { recursive: true, force: true });
}

function chartDeployments() {
  const manifest = helm(['get', 'manifest', 'dapr', '-n', NAMESPACE]).stdout;
  const objects = parseAllDocuments(manifest)
    .map((doc) => doc.toJS())
    .filter((o) => o?.kind === 'Deployment');
  return new Map(objects.map((o) => [o.metadata.name, o]));
}

async function startSentry(deployment, where) {
  const container = deployment.spec.template.spec.containers[0];
  const args = withFlags(container.args, {
    '--kubeconfig': join(where.home, 'kubeconfig'),
    '--port': PORTS.sentry,
    '--listen-address': '127.0.0.1',
    '--healthz-port': PORTS.sentryHealthz,
    '--metrics-port': PORTS.sentryMetrics,
  });
  // The chart mounts the (still empty) trust-bundle Secret as the issuer credentials.
  startProcess('sentry', args, envOf(container), where, { [mountPath(container, 'credentials')]: {} });
  try {
    const bundle = await waitFor(
      'sentry to publish the trust bundle (ConfigMap dapr-trust-bundle)',
      () => getJson('configmap', 'dapr-trust-bundle', '-n', NAMESPACE).data?.['ca.crt'],
    );
    log('sentry: trust bundle published');
    return bundle;
  } catch (error) {
    throw withLog(error, where.logs, 'sentry');
  }
}

async function startInjector(deployment, where, trustBundle) {
  const template = deployment.spec.template;
  const container = template.spec.containers[0];
  const pod = await chartPod(deployment);
  exposeWebhook();
  // No cluster DNS here: sentry's Service name becomes its local address.
  const env = { ...envOf(container), DAPR_SENTRY_ADDRESS: `127.0.0.1:${PORTS.sentry}` };
  const args = withFlags(container.args, {
    '--kubeconfig': join(where.home, 'kubeconfig'),
    '--port': PORTS.injector,
    '--listen-address': WEBHOOK_IP,
    '--healthz-port': PORTS.injectorHealthz,
    '--metrics-port': PORTS.injectorMetrics,
  });
  // The injector gives sidecars a projected token volume only if it has one itself.
  startProcess('injector', args, env, where, {
    [mountPath(container, 'dapr-trust-bundle')]: { 'ca.crt': trustBundle },
    [mountPath(container, 'dapr-identity-token')]: { token: identityToken(template, pod) },
  });
  try {
    await waitFor('the injector to put its CA into the webhook configuration', () =>
      getJson('mutatingwebhookconfiguration', 'dapr-sidecar-injector').webhooks.every((w) => w.clientConfig.caBundle),
    );
    await waitFor('the injector to be healthy', () =>
      fetch(`http://127.0.0.1:${PORTS.injectorHealthz}/healthz`).then(
        (res) => res.ok,
        () => false,
      ),
    );
    log(`injector: serving the webhook on ${WEBHOOK_IP}:${PORTS.injector}`);
  } catch (error) {
    throw withLog(error, where.logs, 'injector');
  }
}

// The chart's injector pod, created by its Deployment (it stays Pending: nothing runs pods here):
// the token is bound to it, and sentry reads it to check the service account and the
// control-plane annotation, as for the real one.
async function chartPod(deployment) {
  return (await podOf(deployment, NAMESPACE)).metadata.name;
}

// What the kubelet would mount: the projected token of the chart's `dapr-identity-token` volume.
function identityToken(template, podName) {
  const projected = template.spec.volumes.find((v) => v.name === 'dapr-identity-token')?.projected.sources[0].serviceAccountToken;
  if (!projected) throw new Error('the Dapr chart no longer gives the injector a dapr-identity-token volume');
  const args = ['create', 'token', template.spec.serviceAccountName, '-n', NAMESPACE, '--audience', projected.audience];
  args.push('--bound-object-kind', 'Pod', '--bound-object-name', podName, '--duration', `${projected.expirationSeconds}s`);
  return kubectl(args).stdout.trim();
}

// With --enable-aggregator-routing the API server dials a webhook Service at an address of its
// Endpoints (v1 Endpoints, matched by port name), as it would the injector pod's IP.
function exposeWebhook() {
  const port = getJson('service', 'dapr-sidecar-injector', '-n', NAMESPACE).spec.ports.find((p) => p.name === 'https');
  const endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'dapr-sidecar-injector', namespace: NAMESPACE },
    subsets: [{ addresses: [{ ip: WEBHOOK_IP }], ports: [{ name: port.name, port: PORTS.injector, protocol: 'TCP' }] }],
  };
  kubectl(['apply', '--server-side', '--field-manager=check', '-f', '-'], { input: stringify(endpoints) });
}

function envOf(container) {
  const env = {};
  for (const { name, value, valueFrom } of container.env ?? []) {
    if (valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') env[name] = NAMESPACE;
    else if (value !== undefined) env[name] = value;
    else throw new Error(`${container.name}: no local value for env ${name} (${JSON.stringify(valueFrom)})`);
  }
  return env;
}

/** The chart's args with some flags' values replaced (or added). */
function withFlags(args, overrides) {
  const result = [];
  for (let i = 0; i < args.length; i++) {
    const [flag] = args[i].split('=');
    if (flag in overrides) {
      if (!args[i].includes('=') && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) i++;
      continue;
    }
    result.push(args[i]);
  }
  for (const [flag, value] of Object.entries(overrides)) result.push(flag, String(value));
  return result;
}

function mountPath(container, volume) {
  const mount = container.volumeMounts?.find((m) => m.name === volume);
  if (!mount) throw new Error(`the Dapr chart no longer mounts volume ${volume} into ${container.name}`);
  return mount.mountPath;
}

/**
 * Starts a control-plane binary as its pod would run it: as Dapr's non-root user (it refuses root
 * in Kubernetes mode), with the pod's volumes at their mount paths (all under /var/run/secrets)
 * through a private mount namespace, so that nothing on this machine's /run changes.
 */
function startProcess(name, args, env, where, volumes) {
  const run = join(where.home, `${name}-run`);
  for (const [path, files] of Object.entries(volumes)) {
    if (!path.startsWith('/var/run/')) throw new Error(`${name}: cannot mount ${path}`);
    const target = join(run, path.slice('/var/run/'.length));
    mkdirSync(target, { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(target, file), content);
  }
  const out = openSync(join(where.logs, `${name}.log`), 'w');
  const command = ['setpriv', `--reuid=${DAPR_UID}`, `--regid=${DAPR_UID}`, '--clear-groups', join(process.env.DAPR_BIN_DIR, name), ...args];
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /run && exec "$@"', run, ...command], {
    cwd: where.home,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  running.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  });
}

function withLog(error, dir, name) {
  const tail = readFileSync(join(dir, `${name}.log`), 'utf8')
    .trim()
    .split('\n')
    .slice(-8)
    .join('\n');
  return new Error(`${error.message}\n${name}'s log (${join(dir, `${name}.log`)}):\n${tail}`);
}
