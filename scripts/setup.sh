#!/usr/bin/env bash
# Installs everything the project runs and checks with, into a cache outside the clone, keyed by
# version (the second run takes seconds):
#   - the local runtime: daprd, placement, scheduler, sentry (Go module proxy) and Kafka (Maven Central);
#   - the Kubernetes tooling: helm, kubeconform, k6, tilt, the Dapr CLI (Go module proxy) and offline schemas;
#   - what `npm run check:k8s` runs for real: buildah, podman, runc (Debian) and a local Node base image;
#   - the kind cluster of `npm run test:cluster`, where no registry is reachable: kind, the node
#     image (Debian, Kubernetes and CoreDNS built from the Go module proxy) and every image the
#     cluster runs, under its upstream name (Dapr's, Kafka, Redis, Zipkin, the collector, the
#     storage provisioner's); with Docker and a registry, kind and Tilt pull them instead;
#   - Chromium for the dashboard's browser test, PostgreSQL for STACK_STORE=postgres (Debian packages).
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
  bash "$here/install/postgres.sh"
  bash "$here/install/cluster-images.sh"
}

builds() {
  bash "$here/install/dapr.sh"
  bash "$here/install/tools.sh"
  bash "$here/install/tools.sh" kind coredns
  bash "$here/install/kube-apiserver.sh"
}

# The cluster's images need what both lanes made: buildah and podman, the Go builds.
cluster_images() {
  bash "$here/install/dapr-images.sh"
  bash "$here/install/go-images.sh"
  bash "$here/install/kind-node.sh"
}

downloads &
lane=$!
# A failed build stops the other lane too, rather than leaving it running after setup has failed.
trap 'pkill -P "$lane" 2>/dev/null; kill "$lane" 2>/dev/null || true' EXIT
builds
wait "$lane" || { echo "setup: the downloads lane failed (see its [tag] lines above)" >&2; exit 1; }
trap - EXIT
cluster_images
