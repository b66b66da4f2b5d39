// What the Dapr sidecars did, from their own Prometheus counters: API calls, state operations,
// scheduler and placement calls, service invocations and messages. Read before and after a
// bench step, the difference per saga says where the sidecars' CPU goes.
import { APPS } from '../../tools/stack/dist/topology.js';
import { replicasOf } from './replicas.mjs';

/** Each counter family, and how a sample's labels name the work it counts. */
const FAMILIES = {
  dapr_http_server_request_count: (l) => `HTTP API ${l.method}`,
  dapr_grpc_io_server_completed_rpcs: (l) => `gRPC API ${l.grpc_server_method.split('/').pop()}`,
  dapr_component_state_latencies_count: (l) => `state ${l.operation} ${l.component}`,
  dapr_grpc_io_client_roundtrip_latency_count: (l) => {
    const [, service, method] = l.grpc_client_method.split('/');
    return `calls ${service.split('.').pop()}/${method}`;
  },
  dapr_runtime_service_invocation_req_sent_total: (l) => `invoke ${l.dst_app_id}`,
  dapr_component_pubsub_ingress_count: (l) => `message in ${l.topic}`,
  dapr_component_pubsub_egress_count: (l) => `message out ${l.topic}`,
};

/**
 * "sidecar: work" -> count, summed over statuses and over an app's replicas, for every sidecar of
 * the stack but those of `skipped` apps.
 */
export async function readCounters(skipped = [], replicas = 1) {
  const counters = new Map();
  for (const app of APPS.filter((a) => !skipped.includes(a.id)).flatMap((a) => replicasOf(a.id, replicas))) {
    const text = await (await fetch(`http://127.0.0.1:${app.dapr.metrics}/metrics`)).text();
    for (const line of text.split('\n')) {
      const match = /^(\w+)\{(.*)\} (\S+)$/.exec(line);
      const describe = match && FAMILIES[match[1]];
      if (!describe) continue;
      const labels = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
      const key = `${app.id}-dapr: ${describe(labels)}`;
      counters.set(key, (counters.get(key) ?? 0) + Number(match[3]));
    }
  }
  return counters;
}

/** The work per saga between two readings, largest first. */
export function perSaga(before, after, sagas) {
  return Object.fromEntries(
    [...after]
      .map(([key, count]) => [key, (count - (before.get(key) ?? 0)) / Math.max(sagas, 1)])
      .filter(([, n]) => n >= 0.05)
      .sort((a, b) => b[1] - a[1]),
  );
}
