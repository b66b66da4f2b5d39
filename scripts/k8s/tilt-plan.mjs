// The order in which `tilt up` applies the Tiltfile's resources, derived from Tilt's own resource
// graph (`tilt alpha tiltfile-result`), so that the cluster check replays what Tilt does instead
// of a list restated by hand.
//
// Tilt starts a resource once all of its resource_deps are up, and among those it may start it
// picks as tilt's NextUnbuiltTargetToBuild does (internal/engine/buildcontrol/build_control.go):
// local resources first, then unresourced YAML (`uncategorized`), then Kubernetes resources that
// build no image, then the rest, each group in Tiltfile order. A resource either applies YAML
// (k8s_resource) or runs a command (local_resource, and the apply command of helm_resource's
// k8s_custom_deploy).
import { parseAllDocuments } from 'yaml';

const UNRESOURCED = 'uncategorized';

/** @returns {{name: string, deps: string[], objects?: object[], command?: string[]}[]} */
export function tiltPlan(result) {
  if (result.Error) throw new Error(`the Tiltfile does not evaluate: ${result.Error}`);
  const pending = [...result.Manifests];
  const started = new Set();
  const plan = [];
  while (pending.length) {
    const startable = pending.filter((m) => (m.ResourceDependencies ?? []).every((dep) => started.has(dep)));
    if (!startable.length) throw new Error(`resources wait on each other: ${pending.map((m) => m.Name).join(', ')}`);
    const manifest = startable.find(isLocal) ?? startable.find((m) => m.Name === UNRESOURCED) ?? startable.find(buildsNoImage) ?? startable[0];
    pending.splice(pending.indexOf(manifest), 1);
    started.add(manifest.Name);
    plan.push(stepOf(manifest));
  }
  return plan;
}

const isLocal = (manifest) => Boolean(manifest.DeployTarget?.UpdateCmdSpec);
const buildsNoImage = (manifest) => !manifest.ImageTargets?.length;

function stepOf(manifest) {
  const target = manifest.DeployTarget ?? {};
  const step = { name: manifest.Name, deps: manifest.ResourceDependencies ?? [] };
  if (target.yaml) {
    step.objects = parseAllDocuments(target.yaml)
      .map((doc) => doc.toJS())
      .filter(Boolean);
  } else {
    step.command = commandOf(target.UpdateCmdSpec?.args ?? target.applyCmd?.args ?? []);
  }
  return step;
}

// local_resource wraps its command in `sh -c '...'`; helm_resource's apply command installs the
// chart, then prints the release's objects for Tilt (` >&2 && helm get manifest ...`).
function commandOf(args) {
  return args[0] === 'sh' && args[1] === '-c' ? args[2].split(' >&2 && ')[0].trim().split(/\s+/) : args;
}
