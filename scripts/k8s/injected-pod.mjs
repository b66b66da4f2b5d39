// What a pod of the chart must look like once Dapr's injector has admitted it, for its sidecar to
// start and work in a real cluster. Returns the problems found, empty when there are none.
const DAPR_VERSION = process.env.DAPR_VERSION ?? '1.18.2';

export function checkInjectedPod(pod, deployment, components) {
  const problems = [];
  const expect = (ok, problem) => ok || problems.push(problem);
  const annotations = deployment.spec.template.metadata.annotations;
  const appId = annotations['dapr.io/app-id'];
  const daprd = pod.spec.containers.find((c) => c.name === 'daprd') ?? pod.spec.initContainers?.find((c) => c.name === 'daprd');
  if (!daprd) return [`no daprd container: the injector did not mutate the pod (containers: ${pod.spec.containers.map((c) => c.name).join(', ')})`];

  const app = pod.spec.containers.find((c) => c.name === deployment.spec.template.spec.containers[0].name);
  expect(app, 'the app container is gone');
  expect(daprd.image === `ghcr.io/dapr/daprd:${DAPR_VERSION}`, `daprd image is ${daprd.image}, not Dapr ${DAPR_VERSION}`);

  const args = argsOf(daprd);
  expect(args.get('--app-id') === appId, `daprd --app-id is ${args.get('--app-id')}, not ${appId}`);
  // The sidecar delivers to the app's internal surface, on loopback, with the app token from the Secret the app reads too.
  const internalPort = app?.env?.find((e) => e.name === 'INTERNAL_PORT')?.value;
  expect(
    internalPort && args.get('--app-port') === internalPort,
    `daprd --app-port ${args.get('--app-port')} is not the app's INTERNAL_PORT (${internalPort})`,
  );
  for (const [variable, annotation] of [
    ['APP_API_TOKEN', 'dapr.io/app-token-secret'],
    ['DAPR_API_TOKEN', 'dapr.io/api-token-secret'],
  ]) {
    const fromSidecar = daprd.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
    const fromApp = app?.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
    expect(fromSidecar?.name === annotations[annotation], `daprd's ${variable} does not come from ${annotations[annotation]}`);
    expect(fromApp?.name === fromSidecar?.name && fromApp?.key === fromSidecar?.key, `the app's ${variable} is not read from the Secret its sidecar reads`);
  }
  expect(args.get('--config') === annotations['dapr.io/config'], `daprd --config is ${args.get('--config')}, not ${annotations['dapr.io/config']}`);
  expect(args.get('--enable-metrics') === annotations['dapr.io/enable-metrics'], 'daprd metrics are not as annotated');
  expect(args.get('--metrics-port') === annotations['dapr.io/metrics-port'], 'daprd metrics port is not as annotated');

  // Components read their addresses with envRef; in Kubernetes, daprd only resolves variables that
  // DAPR_ENV_KEYS lists, which the injector fills from dapr.io/env.
  const env = new Map((daprd.env ?? []).map((e) => [e.name, e]));
  const envKeys = new Set((env.get('DAPR_ENV_KEYS')?.value ?? '').split(/\s+/).filter(Boolean));
  for (const component of components.filter((c) => !c.scopes?.length || c.scopes.includes(appId))) {
    for (const { envRef, name } of component.spec.metadata ?? []) {
      if (!envRef) continue;
      expect(env.get(envRef)?.value, `component ${component.metadata.name}: ${name} comes from env ${envRef}, which daprd does not have`);
      expect(envKeys.has(envRef), `component ${component.metadata.name}: env ${envRef} is not in DAPR_ENV_KEYS, so daprd will not resolve it`);
    }
  }

  // dapr.io/volume-mounts-rw: the scheduler, the actors' state and the sqlite stores live there.
  for (const spec of (annotations['dapr.io/volume-mounts-rw'] ?? '').split(',').filter(Boolean)) {
    const [volume, path] = spec.split(':');
    const mount = daprd.volumeMounts?.find((m) => m.name === volume);
    expect(mount?.mountPath === path && !mount.readOnly, `daprd does not mount volume ${volume} read-write at ${path}`);
    expect(
      pod.spec.volumes.some((v) => v.name === volume),
      `volume ${volume} is mounted by daprd but not defined in the pod`,
    );
  }
  expect(
    daprd.volumeMounts?.some((m) => m.mountPath === '/var/run/secrets/dapr.io/sentrytoken'),
    'daprd has no sentry token mount',
  );

  const ports = new Map((daprd.ports ?? []).map((p) => [p.name, p.containerPort]));
  for (const [name, port] of [
    ['dapr-http', 3500],
    ['dapr-grpc', 50001],
    ['dapr-internal', 50002],
    ['dapr-metrics', Number(annotations['dapr.io/metrics-port'])],
  ]) {
    expect(ports.get(name) === port, `daprd port ${name} is ${ports.get(name)}, expected ${port}`);
  }
  // Dapr's public port (3501) answers the probes: readiness asks /v1.0/healthz, liveness the socket.
  expect(daprd.readinessProbe?.httpGet?.path === '/v1.0/healthz', 'daprd has no readinessProbe on /v1.0/healthz');
  const liveness = daprd.livenessProbe?.tcpSocket ?? daprd.livenessProbe?.httpGet;
  expect(String(liveness?.port) === args.get('--dapr-public-port'), 'daprd has no livenessProbe on its public port');

  const sidecarSecurity = daprd.securityContext ?? {};
  expect(sidecarSecurity.runAsNonRoot === true, 'daprd may run as root');
  expect(sidecarSecurity.readOnlyRootFilesystem === true, 'daprd has a writable root filesystem');
  expect(sidecarSecurity.allowPrivilegeEscalation === false, 'daprd allows privilege escalation');
  const podSecurity = pod.spec.securityContext ?? {};
  const wanted = deployment.spec.template.spec.securityContext ?? {};
  expect(JSON.stringify(podSecurity) === JSON.stringify(wanted), `the pod security context changed: ${JSON.stringify(podSecurity)}`);

  const resources = daprd.resources ?? {};
  expect(resources.limits?.memory === annotations['dapr.io/sidecar-memory-limit'], 'daprd memory limit is not as annotated');
  expect(resources.requests?.cpu === annotations['dapr.io/sidecar-cpu-request'], 'daprd cpu request is not as annotated');
  return problems;
}

function argsOf(container) {
  const all = [...(container.command ?? []), ...(container.args ?? [])];
  const args = new Map();
  for (let i = 0; i < all.length; i++) {
    if (!all[i].startsWith('--')) continue;
    const [flag, value] = all[i].split('=');
    args.set(flag, value ?? (all[i + 1]?.startsWith('--') ? 'true' : all[++i]));
  }
  return args;
}
