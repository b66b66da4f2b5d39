#!/usr/bin/env bash
# `tilt up`, replayed against a real kube-apiserver with the real Dapr chart and sidecar injector
# (check-cluster.mjs). Sourced by check-k8s.sh, after the Tiltfile's graph is in $out/tiltfile.json.
set -euo pipefail

step "real API server: kube-apiserver and kubectl $KUBERNETES_VERSION, etcd $ETCD_VERSION; Dapr's sentry and injector"
[ "$(id -u)" = 0 ] || die "the cluster check needs root: it adds an address to lo for the webhook, and runs Dapr's control plane as its own user in a private mount namespace"
bash scripts/install/kube-apiserver.sh
bash scripts/install/dapr.sh sentry injector

# The Dapr chart inside the Dapr module is the published chart before its release stamps the
# version into it (Chart.yaml 0.0.0, image tag "edge"): stamp it the same way.
dapr_chart="$out/dapr-chart"
dapr_src=$(go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$dapr_src/charts/dapr" ] || die "the Dapr module v$DAPR_VERSION has no charts/dapr"
rm -rf "$dapr_chart" && cp -r "$dapr_src/charts/dapr" "$dapr_chart" && chmod -R u+w "$dapr_chart"
find "$dapr_chart" -name Chart.yaml -exec sed -i "s/'0\.0\.0'/'$DAPR_VERSION'/g" {} +
sed -i "0,/^  tag: 'edge'/s//  tag: '$DAPR_VERSION'/" "$dapr_chart/values.yaml"
grep -q "^  tag: '$DAPR_VERSION'" "$dapr_chart/values.yaml" || die "could not stamp the Dapr chart's image tag"

# The API server calls the injector at an address of the webhook Service's Endpoints, which may
# not be loopback: a second address on lo stands in for the injector pod's IP.
export WEBHOOK_IP=10.250.0.1
if ! ip -4 addr show dev lo | grep -q "inet $WEBHOOK_IP/"; then
  need ip "Install iproute2: the injector listens on a non-loopback address ($WEBHOOK_IP)."
  ip addr add "$WEBHOOK_IP/32" dev lo || die "could not add the address $WEBHOOK_IP to lo (needs root, or CAP_NET_ADMIN)"
fi

bash scripts/k8s/apiserver.sh reset
bash scripts/k8s/apiserver.sh start
trap 'bash scripts/k8s/apiserver.sh stop; rm -rf "$bin"' EXIT
eval "$(bash scripts/k8s/apiserver.sh env)"

step "Tilt's resources in Tilt's order, server-side apply; the injected pod of every app"
rm -rf "$out/cluster" && mkdir -p "$out/cluster"
KUBECTL="$K8S_BIN_DIR/kubectl" HELM="$TOOLS_BIN_DIR/helm" DAPR_CHART="$dapr_chart" DAPR_BIN_DIR="$DAPR_BIN_DIR" DAPR_VERSION="$DAPR_VERSION" \
  node scripts/k8s/check-cluster.mjs "$out/tiltfile.json" "$out/cluster" ||
  die "the cluster check failed (applied objects and logs in $out/cluster)"
