#!/usr/bin/env bash
# The local kind cluster of the README, from kind-config.yaml: `kind.sh up` creates it, `kind.sh
# down` deletes it and undoes what it changed on the host. With a working Docker, plain kind does
# it all. Without one (this project's CI machine), kind runs on podman with the node image built
# here (scripts/install/kind-node.sh): the one difference from a laptop is that image, given to
# kind with --image instead of the digest kind-config.yaml pins, which only a registry can serve.
set -euo pipefail
LOG_TAG=kind
. "$(dirname "$0")/../lib/common.sh"
cd "$(dirname "$0")/../.."

CLUSTER=ticket-saga
KUBECTL=(kubectl --context "kind-$CLUSTER")
state="$CACHE_DIR/kind"
mkdir -p "$state"
[ -x "$TOOLS_BIN_DIR/kind-$KIND_VERSION" ] || bash scripts/install/tools.sh kind
export PATH="$TOOLS_BIN_DIR:$K8S_BIN_DIR:$PATH"

on_podman() { ! docker info >/dev/null 2>&1; }

podman_provider() {
  export KIND_EXPERIMENTAL_PROVIDER=podman
  # runc with cgroupfs (the machine's cgroup v1), and limits the kernel lets a container set.
  export CONTAINERS_CONF="$state/containers.conf"
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=4096:4096"]\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n' \
    "$(ulimit -Hn)" "$(ulimit -Hn)" >"$CONTAINERS_CONF"
}

up() {
  local started=$SECONDS image=()
  if on_podman; then
    [ "$(id -u)" = 0 ] || die "run as root: without Docker, kind runs on podman as root"
    bash scripts/install/kind-node.sh
    podman_provider
    image=(--image "docker.io/kindest/node:v$KUBERNETES_VERSION")
    # kind mounts the host's kernel modules into the node; a machine without the folder gets an
    # empty one, removed again by `down`.
    [ -d /lib/modules ] || { mkdir -p /lib/modules && touch "$state/created-lib-modules"; }
  fi
  kind get clusters 2>/dev/null | grep -qx "$CLUSTER" && die "cluster $CLUSTER exists: 'kind.sh down' first"
  log "kind create cluster --config kind-config.yaml ${image[*]}"
  kind create cluster --config kind-config.yaml "${image[@]}"
  if on_podman; then
    # What a laptop's cluster would pull, loaded into the node: Dapr's images, the storage
    # provisioner's, and those of the chart's Kafka, Redis and tracing, built here.
    bash scripts/install/dapr-images.sh
    bash scripts/install/cluster-images.sh
    bash scripts/install/go-images.sh
    local archive
    for archive in "$CACHE_DIR"/images/dapr-"$DAPR_VERSION"/*.tar "$CACHE_DIR"/images/cluster/*.tar; do
      kind load image-archive "$archive" --name "$CLUSTER" >/dev/null
      log "  loaded $(basename "$archive" .tar)"
    done
  fi
  "${KUBECTL[@]}" wait --for=condition=Ready node --all --timeout=120s >/dev/null
  "${KUBECTL[@]}" -n kube-system wait --for=condition=Ready pod --all --timeout=180s >/dev/null
  log "cluster $CLUSTER ready in $((SECONDS - started)) s: $("${KUBECTL[@]}" get nodes --no-headers | awk '{print $1, $2, $5}')"
}

down() {
  on_podman && podman_provider
  kind delete cluster --name "$CLUSTER"
  # kind leaves its network behind for the next cluster; nothing else uses it.
  on_podman && podman network rm -f kind >/dev/null 2>&1 || true
  if [ -f "$state/created-lib-modules" ]; then rmdir /lib/modules 2>/dev/null || true; rm -f "$state/created-lib-modules"; fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) die "usage: $0 up|down" ;;
esac
