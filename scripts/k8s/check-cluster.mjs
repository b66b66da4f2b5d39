// Replays `tilt up` against a real kube-apiserver: every resource of the Tiltfile in Tilt's order
// (tilt-plan.mjs), with server-side apply and strict field validation; the Dapr chart installed by
// helm from the Dapr module; Dapr's own sentry and sidecar injector running as that chart
// configures them, registered as the real mutating webhook. The controller manager's ReplicaSets
// create each app's pod, through the injector, and the check reads what the injector made of it.
// Usage: node check-cluster.mjs <tiltfile.json> <work dir>
// Environment: KUBECONFIG, KUBECTL, HELM, DAPR_CHART (a copy of the Dapr chart), DAPR_BIN_DIR.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDaprControlPlane, stopDaprControlPlane } from './dapr-control-plane.mjs';
import { checkInjectedPod } from './injected-pod.mjs';
import { helm, kubectl, log, podOf } from './kube.mjs';
import { tiltPlan } from './tilt-plan.mjs';

const [resultPath, workDir] = process.argv.slice(2);
const plan = tiltPlan(JSON.parse(readFileSync(resultPath, 'utf8')));
const applied = [];

try {
  log(`Tilt's order: ${plan.map((step) => step.name).join(' -> ')}`);
  for (const [index, step] of plan.entries()) {
    if (step.objects) apply(index, step);
    else await runCommand(step);
  }
  const components = applied.filter((o) => o.kind === 'Component');
  const apps = applied.filter((o) => o.kind === 'Deployment' && o.spec.template.metadata?.annotations?.['dapr.io/enabled'] === 'true');
  if (!apps.length) throw new Error('no Deployment with dapr.io/enabled was applied');
  for (const deployment of apps) {
    const pod = await podOf(deployment);
    writeFileSync(join(workDir, `pod-${deployment.metadata.name}.yaml`), stringify(pod));
    const problems = checkInjectedPod(pod, deployment, components);
    if (problems.length) throw new Error(`the injected pod of ${deployment.metadata.name}:\n  - ${problems.join('\n  - ')}`);
    log(`${deployment.metadata.name}: daprd injected, ${pod.spec.containers.length} containers, every envRef of its components set`);
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await stopDaprControlPlane();
}

function apply(index, step) {
  // JSON, not YAML: re-serialized YAML would let kubectl's YAML 1.1 read a string "yes" as true.
  const file = join(workDir, `${String(index).padStart(2, '0')}-${step.name}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: step.objects }, null, 2));
  const result = kubectl(['apply', '--server-side', '--field-manager=tilt', '--validate=strict', '-f', file], { allowFailure: true });
  if (result.status !== 0) {
    const hint = /no matches for kind|ensure CRDs are installed|could not find the requested resource/.test(result.stderr)
      ? ` (finding 1: resource "${step.name}" applies objects whose CRDs come later; it must depend on the resource that installs them)`
      : '';
    throw new Error(`Tilt resource "${step.name}": kubectl apply failed${hint}:\n${result.stderr.trim()}`);
  }
  applied.push(...step.objects);
  log(`${step.name}: applied ${step.objects.length} objects`);
}

// The Tiltfile's commands reach chart repositories on the internet; here the Dapr chart comes from
// the Dapr Go module, the same chart the repository publishes.
async function runCommand(step) {
  const [tool, ...args] = step.command;
  if (tool === 'helm' && args[0] === 'repo') return log(`${step.name}: skipped (\`helm ${args.join(' ')}\`: the Dapr chart comes from the Dapr module)`);
  if (tool === 'helm' && args.includes('dapr-charts/dapr')) {
    const offline = args.map((a) => (a === 'dapr-charts/dapr' ? process.env.DAPR_CHART : a)).filter((a) => a !== '--wait');
    const versionAt = offline.indexOf('--version');
    if (versionAt >= 0) offline.splice(versionAt, 2);
    helm(offline);
    log(`${step.name}: helm ${offline.join(' ')}`);
    await startDaprControlPlane(workDir);
    return;
  }
  if (tool === 'helm' && args.includes('dapr-charts/dapr-dashboard')) {
    return log(`${step.name}: not executed (the dashboard chart is published only in its chart repository)`);
  }
  throw new Error(`Tilt resource "${step.name}" runs \`${step.command.join(' ')}\`, which this check does not know how to replay`);
}
