#!/usr/bin/env bash
# `npm run test:cluster`: the README's Kubernetes path on a real kind cluster, as a user runs it.
# kind creates the cluster from kind-config.yaml; `tilt ci` runs the project's Tiltfile, which
# builds the four images, installs Dapr's chart and applies ours; then tests/cluster drives the
# running pods through `kubectl port-forward`: sagas of every outcome, k6, the orchestrator's pod
# deleted mid-saga, a crashed app, Zipkin, and `tilt down` then `tilt ci` again with the orders
# still there. Before the cluster, the production images are built and run (check-images.sh).
# The cluster is deleted at the end, and what it changed on the host undone.
#
# Where no registry can be reached (this project's CI), every image the cluster runs is built here
# under its upstream name and loaded into the node (scripts/install/*images.sh), Tilt builds through
# podman's Docker API and loads its images with `kind load` (a `docker` on PATH that is podman),
# Dapr's chart comes from the Dapr module, and helm_resource from the offline stand-in. Pods cannot
# reach beyond the machine: an egress guard drops whatever leaves the kind network, and counts it.
# Needs root.
set -euo pipefail
LOG_TAG=test:cluster
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"
[ "$(id -u)" = 0 ] || die "run as root: kind runs on podman as root here, and the egress guard is an iptables rule"

out=.run/k8s/test-cluster
CHARTS_PORT=8879
CONTEXT=kind-ticket-saga
started=$SECONDS
rm -rf "$out" && mkdir -p "$out/bin" "$out/charts"

bash scripts/install/tools.sh kind
bash scripts/install/containers.sh
bash scripts/install/cluster-images.sh
bash scripts/install/go-images.sh
export PATH="$root/$out/bin:$TOOLS_BIN_DIR:$K8S_BIN_DIR:$PATH"

# The production images (the Dockerfile's `app` stage, which Tilt does not build) under the
# chart's security context, before the cluster runs the dev ones.
log "images: the four apps built from the Dockerfile and run under the chart's security context"
bash scripts/k8s/check-images.sh

pids=()
guard=()
guard_log=()
background() { local name="$1"; shift; "$@" >"$out/$name.log" 2>&1 & pids+=($!); }
cleanup() {
  local status=$?
  [ ${#pids[@]} = 0 ] || kill "${pids[@]}" 2>/dev/null || true
  if [ ${#guard[@]} -gt 0 ]; then
    log "egress guard: $(iptables -L FORWARD -v -n -x | awk '/ticket-saga egress guard/ && /DROP/ { print $1 " packets dropped" }')$(
      dmesg 2>/dev/null | grep -o 'ticket-saga egress: .*' | grep -o 'DST=[^ ]* .*DPT=[0-9]*' | awk '{ print $1, $NF }' | sort | uniq -c | sort -rn | head -5 | awk '{ printf "; %s x%s", $2 " " $3, $1 }')"
    iptables -D FORWARD "${guard[@]}" 2>/dev/null || true
    iptables -D FORWARD "${guard_log[@]}" 2>/dev/null || true
  fi
  [ "${KEEP_CLUSTER:-}" = 1 ] || bash scripts/k8s/kind.sh down >/dev/null 2>&1 || true
  log "$([ $status = 0 ] && echo passed || echo failed) after $((SECONDS - started)) s (logs in $out)"
}
trap cleanup EXIT

bash scripts/k8s/kind.sh up
kubectl config use-context "$CONTEXT" >/dev/null

subnet=$(podman network inspect kind --format '{{range .Subnets}}{{.Subnet}}{{"\n"}}{{end}}' | grep -m1 '\.')
[ -n "$subnet" ] || die "no IPv4 subnet on podman's kind network"
guard=(-s "$subnet" ! -d "$subnet" -m comment --comment "ticket-saga egress guard" -j DROP)
guard_log=(-s "$subnet" ! -d "$subnet" -m limit --limit 10/min -j LOG --log-prefix "ticket-saga egress: ")
iptables -I FORWARD "${guard[@]}"
iptables -I FORWARD "${guard_log[@]}"
log "egress guard: traffic from $subnet to anywhere else is dropped"

log "Dapr's charts on 127.0.0.1:$CHARTS_PORT; podman's Docker API; docker = podman for kind load"
bash scripts/k8s/dapr-chart.sh "$out/charts" "http://127.0.0.1:$CHARTS_PORT"
background charts python3 -m http.server "$CHARTS_PORT" --bind 127.0.0.1 --directory "$out/charts"
printf '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n' >"$out/containers.conf"
export CONTAINERS_CONF="$root/$out/containers.conf"
background podman podman system service --time=0 "unix://$root/$out/podman.sock"
printf '#!/bin/sh\nexec podman "$@"\n' >"$out/bin/docker" && chmod +x "$out/bin/docker"
deadline=$((SECONDS + 30))
until curl -sf "http://127.0.0.1:$CHARTS_PORT/index.yaml" >/dev/null && curl -sf --unix-socket "$out/podman.sock" http://podman/_ping >/dev/null; do
  [ $SECONDS -lt $deadline ] || die "chart repository or podman's API not up after 30 s (logs in $out)"
  sleep 0.5
done

# What a laptop without a registry differs in: the base image's tag instead of its digest.
export DOCKER_HOST="unix://$root/$out/podman.sock" DOCKER_BUILDKIT=0 KIND_EXPERIMENTAL_PROVIDER=podman \
  NODE_IMAGE=docker.io/library/node:20-bookworm-slim \
  DAPR_HELM_REPO="http://127.0.0.1:$CHARTS_PORT" TILT_EXTENSIONS_REPO="file://$root/scripts/k8s/tilt-extensions"
# Every resource but the Dapr dashboard: its chart and image come only from Dapr's online
# repositories (its source is not on the Go module proxy), so it is the one part not run here.
resources=$(tilt alpha tiltfile-result 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const m of JSON.parse(s).Manifests) if(m.Name!=="dapr-dashboard") console.log(m.Name)})')
[ -n "$resources" ] || die "tilt alpha tiltfile-result listed no resources"
tilt_ci() {
  local t=$SECONDS
  # shellcheck disable=SC2086
  tilt ci --port 0 --timeout 30m -- $resources >"$out/tilt-$1.log" 2>&1 ||
    die "tilt ci ($1) failed after $((SECONDS - t)) s:
$(grep -v 'port-forwarding' "$out/tilt-$1.log" | tail -25)"
  log "tilt ci ($1): every resource ready in $((SECONDS - t)) s"
}
log "tilt ci: the Tiltfile's every resource (progress in $out/tilt-first.log)"
tilt_ci first
LOG_TAG=$LOG_TAG KUBECTL="$K8S_BIN_DIR/kubectl" node scripts/k8s/check-pods.mjs "$out" || die "the apps' pods fail the checks above"
export TILT_RESOURCES="$(echo $resources)"

# What the running system weighs: the node's memory as the container engine sees it, and each
# container's working set as the kubelet reports it (its summary API).
footprint() {
  log "memory after $1: node container $(podman stats --no-stream --format '{{.MemUsage}}' ticket-saga-control-plane 2>/dev/null)"
  kubectl get --raw /api/v1/nodes/ticket-saga-control-plane/proxy/stats/summary | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const { node, pods } = JSON.parse(s);
      const rows = pods.flatMap((p) => p.containers.map((c) => [p.podRef.name + "/" + c.name, (c.memory?.workingSetBytes ?? 0) / 2 ** 20]));
      for (const [name, mb] of rows.sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`    ${mb.toFixed(0).padStart(5)} MiB  ${name}`);
      console.log(`    ${(rows.reduce((sum, [, mb]) => sum + mb, 0)).toFixed(0).padStart(5)} MiB  every container; the node ${(node.memory.workingSetBytes / 2 ** 20).toFixed(0)} MiB`);
    });' >&2 || true
}
footprint "tilt ci"

NODE_OPTIONS='--experimental-vm-modules --disable-warning=ExperimentalWarning' CLUSTER_OUT="$root/$out" \
  ORDER_URL=http://127.0.0.1:28080 INVENTORY_URL=http://127.0.0.1:28081 ORCHESTRATOR_URL=http://127.0.0.1:28083 ZIPKIN_URL=http://127.0.0.1:29411 \
  npx jest --selectProjects cluster --runInBand --testTimeout=900000
footprint "the user path"
