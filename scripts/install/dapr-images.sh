#!/usr/bin/env bash
# Dapr's images under their upstream names, ghcr.io/dapr/<binary>:$DAPR_VERSION (the names Dapr's
# Helm chart and sidecar injector use), for a cluster on a machine that reaches no registry: each
# is the binary built from the Dapr module (scripts/install/dapr.sh) at /<binary>, as in Dapr's
# own images, run as the distroless image's non-root user (65532), with the machine's CA bundle.
# Kept in podman's store and as docker archives in the cache for `kind load image-archive`.
# Needs root.
set -euo pipefail
LOG_TAG=dapr-images
. "$(dirname "$0")/../lib/common.sh"

BINARIES=(daprd operator placement scheduler sentry injector)
out="$CACHE_DIR/images/dapr-$DAPR_VERSION"
[ "$(id -u)" = 0 ] || die "run as root: it writes podman's store"
missing=()
for b in "${BINARIES[@]}"; do [ -f "$out/$b.tar" ] || missing+=("$b"); done
if [ "${#missing[@]}" = 0 ]; then
  log "Dapr $DAPR_VERSION images found in $out"
  exit 0
fi
bash "$(dirname "$0")/dapr.sh" operator injector
bash "$(dirname "$0")/containers.sh" >/dev/null
mkdir -p "$out"
for b in "${missing[@]}"; do
  ref="ghcr.io/dapr/$b:$DAPR_VERSION"
  c=$(buildah from scratch)
  buildah copy "$c" "$DAPR_BIN_DIR/$b" "/$b" >/dev/null
  buildah copy "$c" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
  buildah config --user 65532:65532 --entrypoint "[\"/$b\"]" "$c"
  buildah commit -q "$c" "$ref" >/dev/null && buildah rm "$c" >/dev/null
  buildah push -q "$ref" "docker-archive:$out/$b.tar.partial:$ref" >/dev/null && mv "$out/$b.tar.partial" "$out/$b.tar"
  log "$ref ($(du -m "$out/$b.tar" | cut -f1) MB)"
done
