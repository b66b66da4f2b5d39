#!/usr/bin/env bash
# Builds daprd, placement, scheduler and sentry (the CA behind the sidecars' mTLS, which Dapr's
# access policy needs to know who is calling) from the Go module github.com/dapr/dapr, pinned, into
# the cache, plus any other Dapr command named as an argument (`dapr.sh injector`: the control
# plane the Kubernetes check runs). Only missing binaries are built. No release binaries are
# downloaded: the module proxy is the only source.
# A machine that already has the binaries (for instance from `dapr init --slim`) can point
# DAPR_BIN_DIR at them and skip the build.
set -euo pipefail
LOG_TAG=dapr
. "$(dirname "$0")/../lib/common.sh"

BINARIES=(daprd placement scheduler sentry "$@")

missing() {
  local b
  for b in "${BINARIES[@]}"; do [ -x "$DAPR_BIN_DIR/$b" ] || echo "$b"; done
}

installed() {
  [ -z "$(missing)" ] || return 1
  "$DAPR_BIN_DIR/daprd" --version 2>/dev/null | grep -q "^$DAPR_VERSION" ||
    die "$DAPR_BIN_DIR/daprd is not version $DAPR_VERSION. Remove it or set DAPR_BIN_DIR to a $DAPR_VERSION install."
}

if installed; then
  log "${BINARIES[*]} $DAPR_VERSION found in $DAPR_BIN_DIR"
  exit 0
fi
mapfile -t TO_BUILD < <(missing)

need go "Install Go (https://go.dev/dl) or set DAPR_BIN_DIR to a folder holding daprd, placement, scheduler and sentry $DAPR_VERSION (e.g. ~/.dapr/bin after 'dapr init --slim')."

log "building ${TO_BUILD[*]} of Dapr $DAPR_VERSION from the Go module proxy (first time only: about 10 min on 2 cores)"
module="github.com/dapr/dapr@v$DAPR_VERSION"
src_dir=$(go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src_dir" ] || die "could not download $module through GOPROXY=$(go env GOPROXY)"

# The module carries replace directives, so it must be built as the main module, from a writable copy.
work="$CACHE_DIR/build/dapr-$DAPR_VERSION"
rm -rf "$work" && mkdir -p "$work"
cp -r "$src_dir/." "$work/" && chmod -R u+w "$work"
cd "$work"

log "downloading build dependencies (about 1 GB into $(go env GOMODCACHE))"
set +o pipefail
go mod download -x 2>&1 | tee "$work/download.log" | grep --line-buffered '\.zip: 200' | progress_every 50 "modules downloaded"
status=${PIPESTATUS[0]}
set -o pipefail
[ "$status" = 0 ] || die "go mod download failed for Dapr $DAPR_VERSION, a dependency is missing from GOPROXY=$(go env GOPROXY):
$(grep -v '^#' "$work/download.log" | tail -5)"

# Self-hosted service invocation needs a name resolver. mDNS relies on multicast, which sandboxes,
# VPNs and CI runners often block, so the sqlite resolver (only in allcomponents) is compiled in too.
sed -i '1s#.*#//go:build allcomponents || stablecomponents#' cmd/daprd/components/nameresolution_sqlite.go

ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
staging="$DAPR_BIN_DIR.partial"
rm -rf "$staging" && mkdir -p "$staging"
[ -d "$DAPR_BIN_DIR" ] && cp -a "$DAPR_BIN_DIR/." "$staging/"
for b in "${TO_BUILD[@]}"; do
  tags=""
  [ "$b" = daprd ] && tags="stablecomponents"
  log "compiling $b"
  set +o pipefail
  CGO_ENABLED=0 go build -v "${GO_BUILD_FLAGS[@]}" -tags "$tags" -ldflags "$ldflags" -o "$staging/$b" "./cmd/$b" 2>&1 |
    tee "$work/build-$b.log" | progress_every 100 "packages compiled"
  status=${PIPESTATUS[0]}
  set -o pipefail
  [ "$status" = 0 ] || die "go build of $b failed:
$(tail -20 "$work/build-$b.log")"
done

# Publish atomically so an interrupted build never looks installed.
rm -rf "$DAPR_BIN_DIR" && mv "$staging" "$DAPR_BIN_DIR"
rm -rf "$work"
installed
log "installed into $DAPR_BIN_DIR: $("$DAPR_BIN_DIR/daprd" --version)"
