#!/usr/bin/env bash
# Builds helm, k6, tilt and kubeconform from the Go module proxy into the cache, one binary per
# version (helm-3.21.4, ...), so that a version bump rebuilds only what changed.
set -euo pipefail
LOG_TAG=tools
. "$(dirname "$0")/../lib/common.sh"
need go "Install Go (https://go.dev/dl): helm, k6, tilt and kubeconform are built from source."
mkdir -p "$TOOLS_BIN_DIR"

# go install works for modules without replace directives.
install_module() {
  local name="$1" version="$2" package="$3"
  local target="$TOOLS_BIN_DIR/$name-$version"
  if [ -x "$target" ]; then log "$name $version found"; return; fi
  log "building $name $version (first time only)"
  local gobin; gobin=$(mktemp -d)
  GOBIN="$gobin" CGO_ENABLED=0 go install -v "$package@v$version" 2>&1 | progress_every 100 "packages compiled"
  mv "$gobin/$(basename "${package%%/v[0-9]*}")" "$target" 2>/dev/null || mv "$gobin"/* "$target"
  rm -rf "$gobin"
}

# tilt carries replace directives: build it as the main module, from a writable copy (cgo on).
install_tilt() {
  local target="$TOOLS_BIN_DIR/tilt-$TILT_VERSION"
  if [ -x "$target" ]; then log "tilt $TILT_VERSION found"; return; fi
  log "building tilt $TILT_VERSION (first time only)"
  local src work
  src=$(go mod download -json "github.com/tilt-dev/tilt@v$TILT_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || die "could not download tilt $TILT_VERSION through GOPROXY=$(go env GOPROXY)"
  work=$(mktemp -d) && cp -r "$src/." "$work/" && chmod -R u+w "$work"
  (cd "$work" && go build -mod=mod -v -o "$target" ./cmd/tilt 2>&1 | progress_every 100 "packages compiled")
  rm -rf "$work"
  [ -x "$target" ] || die "tilt $TILT_VERSION did not build"
}

install_module helm "$HELM_VERSION" helm.sh/helm/v3/cmd/helm
install_module kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform/cmd/kubeconform
install_module k6 "$K6_VERSION" go.k6.io/k6/v2
install_tilt
log "tools in $TOOLS_BIN_DIR"
