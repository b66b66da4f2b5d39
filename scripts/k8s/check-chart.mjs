// Checks the rendered chart for what schemas cannot see: the Kafka heap against its limit, state
// that must survive `tilt down` together, probes, sidecar settings and names.
// Usage: node check-chart.mjs <defaults.yaml> <non-default values.yaml> <tracing disabled.yaml> <production.yaml>
// (the non-default render sets dapr.logLevel=debug, and is for the namespace `tickets`; the
// production render is values-production.yaml: replicas on PostgreSQL).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const [defaultsPath, nondefaultPath, noTracingPath, productionPath] = process.argv.slice(2);
/** The namespace each render is for: `default` without --namespace; the non-default one sets `tickets`. */
const namespaces = { defaults: 'default', 'non-default values': 'tickets', production: 'default' };
const load = (path) =>
  parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS())
    .filter(Boolean);
const renders = { defaults: load(defaultsPath), 'non-default values': load(nondefaultPath), production: load(productionPath) };
const failures = [];
const fail = (finding, message) => failures.push(`${finding}: ${message}`);

const bytes = (quantity) => {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(quantity).trim());
  if (!m) return NaN;
  const units = { '': 1, k: 1e3, K: 1024, m: 1024 ** 2, M: 1024 ** 2, g: 1024 ** 3, G: 1024 ** 3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3 };
  return Number(m[1]) * (units[m[2]] ?? NaN);
};
const podSpecs = (objects) => objects.filter((o) => o.spec?.template?.spec).map((o) => [o, o.spec.template]);
const daprPods = (objects) => podSpecs(objects).filter(([, t]) => t.metadata?.annotations?.['dapr.io/enabled'] === 'true');

const objects = renders.defaults;

// Finding 4: the JVM heap must leave room in the container for everything that is not heap.
const kafka = objects.find((o) => o.kind === 'StatefulSet' && /kafka/.test(o.metadata.name));
if (!kafka) fail('finding 4', 'no Kafka StatefulSet in the default render');
else {
  const c = kafka.spec.template.spec.containers[0];
  const heap = c.env?.find((e) => e.name === 'KAFKA_HEAP_OPTS')?.value;
  const limit = bytes(c.resources?.limits?.memory);
  const xmx = /-Xmx(\S+)/.exec(heap ?? '')?.[1];
  if (!xmx) {
    fail(
      'finding 4',
      `Kafka container sets no -Xmx in KAFKA_HEAP_OPTS, so kafka-server-start.sh uses -Xmx1G -Xms1G, all of its ${c.resources?.limits?.memory} memory limit`,
    );
  } else if (!(bytes(xmx) <= 0.75 * limit)) {
    fail('finding 4', `Kafka heap -Xmx${xmx} leaves less than a quarter of its ${c.resources.limits.memory} memory limit for the rest of the JVM`);
  }
}

// Finding 7: all stateful volumes survive `tilt down` / `helm uninstall` together. The
// StatefulSets' claims (Kafka, Redis, Dapr scheduler) are never deleted by either, so the apps'
// own PVCs must be kept too.
const statefulClaims = objects.filter((o) => o.kind === 'StatefulSet' && o.spec.volumeClaimTemplates?.length);
for (const pvc of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
  const a = pvc.metadata.annotations ?? {};
  if (a['tilt.dev/down-policy'] !== 'keep' || a['helm.sh/resource-policy'] !== 'keep') {
    fail(
      'finding 7',
      `PVC ${pvc.metadata.name} is deleted by \`tilt down\`/\`helm uninstall\` while ${statefulClaims.map((s) => s.metadata.name).join(', ')} and the Dapr scheduler keep theirs: old workflows would resume against empty stores (annotate it tilt.dev/down-policy: keep and helm.sh/resource-policy: keep)`,
    );
  }
}

// Also: sidecar metrics are scraped through the operator's <app>-dapr Service only.
for (const svc of objects.filter((o) => o.kind === 'Service')) {
  if (svc.metadata.annotations?.['prometheus.io/scrape'] === 'true' && svc.spec.ports?.some((p) => /dapr/.test(p.name ?? ''))) {
    fail(
      'metrics',
      `Service ${svc.metadata.name} carries prometheus.io annotations for the sidecar, which the Dapr operator's <app>-dapr Service already has: every sidecar is scraped twice`,
    );
  }
}

for (const [label, rendered] of Object.entries(renders)) {
  const services = rendered.filter((o) => o.kind === 'Service');
  for (const [o, t] of daprPods(rendered)) {
    const a = t.metadata.annotations;
    for (const key of ['sidecar-cpu-request', 'sidecar-memory-request', 'sidecar-cpu-limit', 'sidecar-memory-limit']) {
      if (!a[`dapr.io/${key}`]) fail('sidecar resources', `${label}: ${o.metadata.name} has no dapr.io/${key}`);
    }
    for (const c of t.spec.containers) {
      const ready = c.readinessProbe?.httpGet?.path;
      if (!c.startupProbe) fail('probes', `${label}: ${o.metadata.name}/${c.name} has no startupProbe`);
      if (c.livenessProbe?.httpGet?.path && c.livenessProbe.httpGet.path === ready) {
        fail(
          'probes',
          `${label}: ${o.metadata.name}/${c.name}'s liveness probe is its readiness check ${ready}, which fails with the sidecar or Kafka: a dependency outage restarts the app`,
        );
      }
    }
  }
  for (const o of podSpecs(rendered).map(([w]) => w)) {
    if (!o.spec.selector?.matchLabels?.['app.kubernetes.io/instance']) {
      fail('selectors', `${label}: ${o.kind} ${o.metadata.name}'s selector has no app.kubernetes.io/instance: two releases would select each other's pods`);
    }
    if (o.kind === 'StatefulSet') {
      const governing = services.find((s) => s.metadata.name === o.spec.serviceName);
      if (governing?.spec.clusterIP !== 'None') {
        fail('statefulsets', `${label}: StatefulSet ${o.metadata.name}'s serviceName ${o.spec.serviceName} is not a headless Service`);
      }
    }
  }
  for (const s of services) {
    if (!s.spec.selector?.['app.kubernetes.io/instance']) {
      fail('selectors', `${label}: Service ${s.metadata.name}'s selector has no app.kubernetes.io/instance`);
    }
  }
  for (const o of rendered) {
    if (/^(otel-collector|zipkin)$/.test(o.metadata?.name ?? '')) {
      fail('names', `${label}: ${o.kind} ${o.metadata.name} is not prefixed with the release name`);
    }
  }
}

// Also: dapr.logLevel applies to every sidecar unless an app sets its own.
for (const [o, t] of daprPods(renders['non-default values'])) {
  const level = t.metadata.annotations['dapr.io/log-level'];
  if (level !== 'debug') fail('dapr.logLevel', `with dapr.logLevel=debug, ${o.metadata.name}'s sidecar still logs at "${level}"`);
}

// Also: without tracing nothing points at a collector that is not deployed.
const noTracing = readFileSync(noTracingPath, 'utf8');
if (/otel-collector|zipkin/.test(noTracing)) {
  const line = noTracing
    .split('\n')
    .find((l) => /otel-collector|zipkin/.test(l))
    .trim();
  fail('tracing', `with tracing.enabled=false the chart still refers to the collector: "${line}"`);
}

// Security: tokens between each app and its sidecar, the internal port off the Service, the
// access policy, and every secret taken from a Secret (README "Security model").
for (const [label, rendered] of Object.entries(renders)) {
  const secrets = new Map(rendered.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o]));
  const secretRef = (where, ref, key) => {
    const secret = secrets.get(ref?.name);
    if (!secret) fail('security', `${label}: ${where} refers to Secret ${ref?.name}, which the chart does not render`);
    else if (!secret.data?.[key ?? ref.key]) fail('security', `${label}: Secret ${ref.name} has no ${key ?? ref.key}`);
  };
  for (const [o, t] of daprPods(rendered)) {
    const a = t.metadata.annotations;
    const app = t.spec.containers[0];
    const env = Object.fromEntries((app.env ?? []).map((e) => [e.name, e]));
    for (const [annotation, variable] of [
      ['dapr.io/app-token-secret', 'APP_API_TOKEN'],
      ['dapr.io/api-token-secret', 'DAPR_API_TOKEN'],
    ]) {
      secretRef(`${o.metadata.name}'s ${annotation}`, { name: a[annotation] }, 'token');
      const from = env[variable]?.valueFrom?.secretKeyRef;
      if (from?.name !== a[annotation] || from?.key !== 'token') {
        fail(
          'security',
          `${label}: ${o.metadata.name}'s ${variable} is not read from ${a[annotation]} (the Secret its sidecar reads): app and sidecar would disagree`,
        );
      }
    }
    for (const [name, e] of Object.entries(env)) {
      if (/TOKEN|PASSWORD/.test(name) && e.value !== undefined) fail('security', `${label}: ${o.metadata.name} sets ${name} in plain text`);
      if (e.valueFrom?.secretKeyRef) secretRef(`${o.metadata.name}'s ${name}`, e.valueFrom.secretKeyRef);
    }
    const internal = Number(env.INTERNAL_PORT?.value);
    if (String(internal) !== a['dapr.io/app-port']) fail('security', `${label}: ${o.metadata.name}'s dapr.io/app-port is not its INTERNAL_PORT`);
    if ((app.ports ?? []).some((p) => p.containerPort === internal))
      fail('security', `${label}: ${o.metadata.name} declares its internal port as a container port`);
    for (const svc of rendered.filter(
      (s) => s.kind === 'Service' && s.spec.selector?.['app.kubernetes.io/name'] === t.metadata.labels['app.kubernetes.io/name'],
    )) {
      if (svc.spec.ports.some((p) => p.targetPort === internal || p.port === internal))
        fail('security', `${label}: Service ${svc.metadata.name} exposes the internal port ${internal}`);
    }
  }
  const config = rendered.find((o) => o.kind === 'Configuration');
  const acl = config?.spec?.accessControl;
  if (acl?.defaultAction !== 'deny') fail('security', `${label}: the Configuration's accessControl does not deny by default`);
  for (const policy of acl?.policies ?? []) {
    if (policy.namespace !== namespaces[label]) {
      fail('security', `${label}: the access policy for ${policy.appId} names namespace ${policy.namespace}, not the release's (${namespaces[label]})`);
    }
    if (policy.defaultAction !== 'deny') fail('security', `${label}: the access policy for ${policy.appId} allows what it does not name`);
  }
  const workflowStore = rendered.find((o) => o.kind === 'Component' && o.metadata.name === 'workflow-store');
  const redis = rendered.find((o) => o.kind === 'StatefulSet' && /redis/.test(o.metadata.name));
  if (redis) {
    const password = workflowStore?.spec.metadata.find((m) => m.name === 'redisPassword');
    if (!password?.secretKeyRef) fail('security', `${label}: the workflow store reaches Redis without a redisPassword from a Secret`);
    else secretRef('the workflow store', password.secretKeyRef);
    const c = redis.spec.template.spec.containers[0];
    const requirePass = c.args?.[c.args.indexOf('--requirepass') + 1];
    const from = c.env?.find((e) => `$(${e.name})` === requirePass)?.valueFrom?.secretKeyRef;
    if (!from || from.name !== password?.secretKeyRef?.name) fail('security', `${label}: Redis does not require the workflow store's password`);
  }
}

// Replicas (values-production.yaml): every app at least twice, sharing PostgreSQL, each with a
// disruption budget and spread over nodes; nothing left that one pod alone may hold.
{
  const rendered = renders.production;
  const secrets = new Map(rendered.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o]));
  const partitions = Number(
    rendered
      .find((o) => o.kind === 'StatefulSet' && /kafka/.test(o.metadata.name))
      ?.spec.template.spec.containers[0].env.find((e) => e.name === 'KAFKA_NUM_PARTITIONS')?.value,
  );
  for (const [o, t] of daprPods(rendered)) {
    const name = o.metadata.name;
    const labels = t.metadata.labels;
    const selects = (selector) => Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v) && Object.keys(selector ?? {}).length > 0;
    if (!(o.spec.replicas >= 2)) fail('replicas', `production: ${name} runs ${o.spec.replicas} replica(s), not at least 2`);
    if (o.spec.strategy?.type !== 'RollingUpdate') fail('replicas', `production: ${name} is replaced by ${o.spec.strategy?.type}, not rolled`);
    if (!(partitions >= o.spec.replicas))
      fail('replicas', `production: Kafka's ${partitions} partitions are fewer than ${name}'s ${o.spec.replicas} consumers`);
    const budget = rendered.find((b) => b.kind === 'PodDisruptionBudget' && selects(b.spec.selector?.matchLabels));
    if (!budget) fail('replicas', `production: no PodDisruptionBudget selects ${name}'s pods`);
    else if (!(budget.spec.maxUnavailable < o.spec.replicas)) fail('replicas', `production: ${name}'s budget lets all its pods go at once`);
    const spread = t.spec.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.find(
      (term) => term.podAffinityTerm.topologyKey === 'kubernetes.io/hostname' && selects(term.podAffinityTerm.labelSelector?.matchLabels),
    );
    if (!spread) fail('replicas', `production: ${name}'s pods are not spread over nodes (podAntiAffinity on kubernetes.io/hostname)`);
    if (t.metadata.annotations['dapr.io/volume-mounts-rw'] || t.spec.volumes?.some((v) => v.persistentVolumeClaim)) {
      fail('replicas', `production: ${name} mounts a volume of its own, which replicas cannot share`);
    }
  }
  for (const pvc of rendered.filter((o) => o.kind === 'PersistentVolumeClaim')) fail('replicas', `production: PVC ${pvc.metadata.name} for one pod alone`);
  if (rendered.some((o) => o.kind === 'StatefulSet' && /redis/.test(o.metadata.name))) fail('replicas', 'production: Redis still deployed beside PostgreSQL');
  const stores = rendered.filter((o) => o.kind === 'Component' && o.spec.type.startsWith('state.'));
  for (const store of stores) {
    const { type, version, metadata } = store.spec;
    const ref = metadata.find((m) => m.name === 'connectionString')?.secretKeyRef;
    if (type !== 'state.postgresql' || version !== 'v2')
      fail('replicas', `production: store ${store.metadata.name} is ${type} ${version}, not state.postgresql v2`);
    if (!secrets.get(ref?.name)?.data?.[ref?.key])
      fail('replicas', `production: store ${store.metadata.name}'s connection string is not from a rendered Secret`);
  }
  const workflow = stores.find((s) => s.metadata.name === 'workflow-store');
  if (workflow?.spec.metadata.find((m) => m.name === 'actorStateStore')?.value !== 'true')
    fail('replicas', 'production: the workflow store is no actor state store');
  const postgres = rendered.find((o) => o.kind === 'StatefulSet' && /postgresql/.test(o.metadata.name));
  const password = postgres?.spec.template.spec.containers[0].env.find((e) => e.name === 'POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef;
  if (!password || !secrets.get(password.name)?.data?.[password.key]) fail('replicas', 'production: PostgreSQL takes no password from a rendered Secret');
}

if (failures.length) {
  console.error(`rendered chart:\n  - ${failures.join('\n  - ')}`);
  process.exit(1);
}
console.log(
  'rendered chart: Kafka heap within its limit, every volume kept across tilt down, probes, sidecars and names, tokens, access policy and secrets, production replicas on PostgreSQL',
);
