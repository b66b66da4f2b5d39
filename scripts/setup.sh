#!/usr/bin/env bash
# Installs everything the project runs and checks with, into a cache outside the clone, keyed by
# version (the second run takes seconds):
#   - the local runtime: daprd, placement, scheduler (Go module proxy) and Kafka (Maven Central);
#   - the Kubernetes tooling: helm, kubeconform, k6, tilt, the Dapr CLI (Go module proxy) and offline schemas;
#   - what `npm run check:k8s` runs for real: buildah, podman, runc (Debian) and a local Node base
#     image; kube-apiserver, kubectl, etcd (Go module proxy); Dapr's sentry and sidecar injector;
#   - Chromium for the dashboard's browser test (Debian package).
# `npm start` and `npm run up` install the runtime part by themselves when it is missing.
#
# Two lanes run side by side: the Go builds, which keep both cores busy, and the downloads and
# Debian packages, which mostly wait on the network. Every line keeps its [tag].
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

downloads() {
  bash "$here/install/kafka.sh"
  bash "$here/install/k8s-schemas.sh"
  bash "$here/install/containers.sh"
  bash "$here/install/chromium.sh"
}

builds() {
  bash "$here/install/dapr.sh"
  bash "$here/install/tools.sh"
  bash "$here/install/tools.sh" kwok registry
  bash "$here/install/kube-apiserver.sh"
  bash "$here/install/dapr.sh" sentry injector
}

downloads &
lane=$!
# A failed build stops the other lane too, rather than leaving it running after setup has failed.
trap 'pkill -P "$lane" 2>/dev/null; kill "$lane" 2>/dev/null || true' EXIT
builds
wait "$lane" || { echo "setup: the downloads lane failed (see its [tag] lines above)" >&2; exit 1; }
trap - EXIT
