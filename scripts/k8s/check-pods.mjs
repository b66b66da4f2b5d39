// The apps' pods as Dapr's injector admitted them and the kubelet runs them, read from the cluster
// `tilt ci` left (scripts/k8s/test-cluster.sh): every check of injected-pod.mjs on each app's pod,
// and each pod Running with every container ready. Writes each pod to <out>/pod-<name>.yaml.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { checkInjectedPod } from './injected-pod.mjs';
import { getJson, log, podOf } from './kube.mjs';

const [outDir] = process.argv.slice(2);
const components = getJson('components.dapr.io').items;
const apps = getJson('deployments').items.filter((d) => d.spec.template.metadata?.annotations?.['dapr.io/enabled'] === 'true');
let failed = apps.length === 0;
if (failed) console.error('no Deployment with dapr.io/enabled in the cluster');
for (const deployment of apps) {
  const pod = await podOf(deployment);
  writeFileSync(join(outDir, `pod-${deployment.metadata.name}.yaml`), stringify(pod));
  const problems = checkInjectedPod(pod, deployment, components);
  const statuses = pod.status.containerStatuses ?? [];
  if (pod.status.phase !== 'Running' || statuses.some((s) => !s.ready)) {
    problems.push(`pod ${pod.metadata.name} is ${pod.status.phase}, ready: ${statuses.map((s) => `${s.name}=${s.ready}`).join(', ')}`);
  }
  if (problems.length) {
    failed = true;
    console.error(`the pod of ${deployment.metadata.name}:\n  - ${problems.join('\n  - ')}`);
    continue;
  }
  const images = statuses.map((s) => `${s.name} ${s.image}`).join(', ');
  log(`${deployment.metadata.name}: running, ${statuses.length} containers ready (${images}); daprd injected as the chart asks`);
}
process.exitCode = failed ? 1 : 0;
