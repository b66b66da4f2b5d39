// The running stack's replicas (STACK_REPLICAS), as its supervisor recorded its processes: what
// must be read from every replica (the orchestrator's saga counter, each sidecar's counters) and
// what must be frozen together (every orchestrator and its sidecar, for the direct baseline).
import { replicasOf } from '../../tools/stack/dist/topology.js';

/** How many replicas of each app run, from the stack's process names (`orchestrator`, `orchestrator-2`...). */
export function runningReplicas(processes) {
  return [...processes.keys()].filter((name) => /^orchestrator(-\d+)?$/.test(name)).length || 1;
}

/** Each replica of an app: its process name and ports (the stack's own definition). */
export { replicasOf };
