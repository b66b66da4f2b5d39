// What `tilt ci` left in the cluster (check-tilt.sh): the Dapr release and resources, and each
// app running the image Tilt built and pushed to the local registry, not one pulled from elsewhere.
import { getJson, helm, log } from './kube.mjs';

const [registry] = process.argv.slice(2);
const APPS = ['order', 'orchestrator', 'inventory', 'payment'];
const failures = [];
const expect = (ok, message) => ok || failures.push(message);

const releases = JSON.parse(helm(['list', '-n', 'dapr-system', '-o', 'json']).stdout);
expect(
  releases.some((r) => r.name === 'dapr' && r.status === 'deployed'),
  `the dapr release is not deployed: ${JSON.stringify(releases)}`,
);
for (const kind of ['components.dapr.io', 'configurations.dapr.io', 'resiliencies.dapr.io', 'subscriptions.dapr.io']) {
  expect(getJson(kind).items.length > 0, `no ${kind} applied: Tilt's dapr-resources did not run`);
}

const catalog = await (await fetch(`http://${registry}/v2/_catalog`)).json();
const pods = getJson('pods').items;
for (const app of APPS) {
  expect(catalog.repositories?.includes(`ticket-saga-${app}`), `${app}: no image pushed to ${registry} (catalog: ${JSON.stringify(catalog)})`);
  const pod = pods.find((p) => p.metadata.labels?.['app.kubernetes.io/name'] === app);
  const image = pod?.spec.containers[0]?.image ?? '';
  expect(image.startsWith(`${registry}/ticket-saga-${app}:tilt-`), `${app}: pod runs "${image || 'no pod'}", not Tilt's build from ${registry}`);
  const ready = pod?.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  expect(ready, `${app}: pod ${pod?.metadata.name ?? '(none)'} not Ready`);
}

if (failures.length) {
  for (const failure of failures) log(`tilt ci result: ${failure}`);
  process.exit(1);
}
log(`tilt ci result: dapr deployed, Dapr resources applied, the four apps run Tilt's images from ${registry}`);
