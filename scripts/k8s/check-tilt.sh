#!/usr/bin/env bash
# `tilt ci` itself, with the project's Tiltfile, against a real kube-apiserver: Tilt evaluates the
# Tiltfile, installs the Dapr chart with helm, builds the four images through the Docker API
# (podman's), pushes them to a local registry it finds the way it finds kind's (the
# local-registry-hosting ConfigMap), applies the chart in its own order and waits for every
# rollout. kwok plays the kind node: pods are scheduled by kube-scheduler and marked running and
# ready by kwok, but no container runs. Run by check-k8s.sh after check-cluster.sh (whose stamped
# Dapr chart it serves as the chart repository) and check-images.sh (whose layers it reuses).
set -euo pipefail
LOG_TAG=check:tilt
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"

out=.run/k8s/tilt
dapr_chart=.run/k8s/dapr-chart
[ -f "$dapr_chart/Chart.yaml" ] || die "no stamped Dapr chart in $dapr_chart: run check-cluster.sh first"
bash scripts/install/tools.sh kwok registry
export PATH="$TOOLS_BIN_DIR:$K8S_BIN_DIR:$PATH"
# Clear of the local stack's ports and of the API server's.
REGISTRY=localhost:5001 CHARTS_PORT=8879
rm -rf "$out" && mkdir -p "$out/pv" "$out/charts" "$out/registry"

pids=()
background() { local name="$1"; shift; "$@" >"$out/$name.log" 2>&1 & pids+=($!); }
cleanup() {
  [ ${#pids[@]} = 0 ] || kill "${pids[@]}" 2>/dev/null || true
  bash scripts/k8s/apiserver.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "API server, kube-scheduler, and kwok $KWOK_VERSION as the node"
bash scripts/k8s/apiserver.sh reset >/dev/null
bash scripts/k8s/apiserver.sh start >/dev/null
eval "$(bash scripts/k8s/apiserver.sh env)"
background kube-scheduler kube-scheduler --kubeconfig "$KUBECONFIG" --leader-elect=false --secure-port 0
kwok_src=$(go mod download -json "sigs.k8s.io/kwok@v$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
stages=()
for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  stages+=(-c "$kwok_src/kustomize/stage/$stage.yaml")
done
background kwok kwok --kubeconfig "$KUBECONFIG" "${stages[@]}" --manage-all-nodes=false \
  --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake --cidr 10.244.0.0/24 --node-ip 10.244.0.1

log "the cluster as kind makes it: a node, the default StorageClass, the local registry's ConfigMap"
kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Node
metadata:
  name: ticket-saga-control-plane
  annotations: {kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/hostname: ticket-saga-control-plane, kubernetes.io/os: linux, kubernetes.io/arch: amd64}
status:
  allocatable: {cpu: "8", memory: 16Gi, pods: "110"}
  capacity: {cpu: "8", memory: 16Gi, pods: "110"}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: ConfigMap
metadata: {name: local-registry-hosting, namespace: kube-public}
data:
  localRegistryHosting.v1: |
    host: "$REGISTRY"
YAML
# kind's local-path provisioner creates each volume with a helper pod, which cannot run here: a
# PersistentVolume bound to each pending claim takes its place.
provision() {
  while true; do
    kubectl get pvc -A -o json | node scripts/k8s/volumes-for-claims.mjs "$root/$out/pv" | kubectl apply -f - >/dev/null 2>&1 || true
    sleep 2
  done
}
background provisioner provision

log "registry $REGISTRY_VERSION on $REGISTRY; Dapr's chart repository on 127.0.0.1:$CHARTS_PORT; podman's Docker API"
cat >"$out/registry.yml" <<YAML
version: 0.1
storage: {filesystem: {rootdirectory: $root/$out/registry}}
http: {addr: "127.0.0.1:${REGISTRY#*:}"}
log: {level: warn}
YAML
background registry registry serve "$out/registry.yml"
helm package "$dapr_chart" -d "$out/charts" >/dev/null
helm repo index "$out/charts" --url "http://127.0.0.1:$CHARTS_PORT"
background charts python3 -m http.server "$CHARTS_PORT" --bind 127.0.0.1 --directory "$out/charts"
# podman pushes to the registry over plain http, and runs build steps with runc and cgroupfs.
printf '[[registry]]\nlocation = "%s"\ninsecure = true\n' "$REGISTRY" >"$out/registries.conf"
printf '[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]\n' >"$out/containers.conf"
CONTAINERS_REGISTRIES_CONF="$root/$out/registries.conf" CONTAINERS_CONF="$root/$out/containers.conf" \
  background podman podman system service --time=0 "unix://$root/$out/podman.sock"
deadline=$((SECONDS + 30))
until curl -sf "http://$REGISTRY/v2/" >/dev/null && curl -sf "http://127.0.0.1:$CHARTS_PORT/index.yaml" >/dev/null &&
  curl -sf --unix-socket "$out/podman.sock" http://podman/_ping >/dev/null; do
  [ $SECONDS -lt $deadline ] || die "registry, chart repository or podman's API not up after 30 s (logs in $out)"
  sleep 0.5
done

# Every resource but the Dapr dashboard, whose chart lives only in Dapr's online repository.
resources=$(node -e 'for (const m of require(process.argv[1]).Manifests) if (m.Name !== "dapr-dashboard") console.log(m.Name)' "$root/.run/k8s/tiltfile.json")
log "tilt ci: $(echo $resources | tr ' ' ',') (progress in $out/tilt.log)"
started=$SECONDS
DOCKER_HOST="unix://$root/$out/podman.sock" DOCKER_BUILDKIT=0 NODE_IMAGE="localhost/ticket-saga-node:$(node -p process.versions.node)" \
  DAPR_HELM_REPO="http://127.0.0.1:$CHARTS_PORT" TILT_EXTENSIONS_REPO="file://$root/scripts/k8s/tilt-extensions" \
  tilt ci --port 0 --timeout 20m -- $resources >"$out/tilt.log" 2>&1 ||
  die "tilt ci failed after $((SECONDS - started)) s:
$(grep -v 'port-forwarding' "$out/tilt.log" | tail -20)"
log "tilt ci passed in $((SECONDS - started)) s"

node scripts/k8s/check-tilt-result.mjs "$REGISTRY" || die "tilt ci passed, but the cluster it left fails the checks above"
