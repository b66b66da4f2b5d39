// The order in which `tilt up` applies the Tiltfile's resources, derived from Tilt's own resource
// graph (`tilt alpha tiltfile-result`), so that the cluster check replays what Tilt does instead
// of a list restated by hand.
//
// Tilt applies unresourced YAML (`uncategorized`) before any other resource, then starts each
// resource once all of its resource_deps are up; among ready resources it keeps the Tiltfile's
// order. A resource either applies YAML (k8s_resource) or runs a command (local_resource,
// helm_resource).
import { parseAllDocuments } from 'yaml';

const UNRESOURCED = 'uncategorized';

/** @returns {{name: string, deps: string[], objects?: object[], command?: string[]}[]} */
export function tiltPlan(result) {
  if (result.Error) throw new Error(`the Tiltfile does not evaluate: ${result.Error}`);
  const pending = [...result.Manifests].sort((a, b) => Number(b.Name === UNRESOURCED) - Number(a.Name === UNRESOURCED));
  const started = new Set();
  const plan = [];
  while (pending.length) {
    const next = pending.findIndex((m) => (m.ResourceDependencies ?? []).every((dep) => started.has(dep)));
    if (next < 0) throw new Error(`resources wait on each other: ${pending.map((m) => m.Name).join(', ')}`);
    const [manifest] = pending.splice(next, 1);
    started.add(manifest.Name);
    plan.push(stepOf(manifest));
  }
  return plan;
}

function stepOf(manifest) {
  const target = manifest.DeployTarget ?? {};
  const step = { name: manifest.Name, deps: manifest.ResourceDependencies ?? [] };
  if (target.yaml) {
    step.objects = parseAllDocuments(target.yaml)
      .map((doc) => doc.toJS())
      .filter(Boolean);
  } else {
    step.command = commandOf(target.UpdateCmdSpec?.args ?? []);
  }
  return step;
}

// helm_resource and local_resource wrap their command in `sh -c '...'`.
function commandOf(args) {
  return args[0] === 'sh' && args[1] === '-c' ? args[2].trim().split(/\s+/) : args;
}
