#!/usr/bin/env bash
# Builds helm, kubeconform, k6, tilt and the Dapr CLI from the Go module proxy into the cache, one binary per
# version (helm-3.21.4, ...), so that a version bump rebuilds only what changed, each linked under
# its plain name (helm -> helm-3.21.4).
set -euo pipefail
LOG_TAG=tools
. "$(dirname "$0")/../lib/common.sh"
mkdir -p "$TOOLS_BIN_DIR"

# Every tool is built as the main module of a writable copy of its module: this honours replace
# directives (tilt has some) and needs no version listing from the proxy (`go install m@v` does).
# $6, when given, is a function run in the copy before it is compiled; $7 are linker flags.
build_tool() {
  local name="$1" version="$2" module="$3" package="$4" cgo="${5:-0}" prepare="${6:-}" ldflags="${7:-}"
  local target="$TOOLS_BIN_DIR/$name-$version"
  if [ -x "$target" ]; then log "$name $version found"; return; fi
  need go "Install Go (https://go.dev/dl): $name is built from source, or put $name $version on PATH."
  log "building $name $version (first time only)"
  local src work status
  # The checksum database mirror lacks some of these modules; their own go.sum still pins every dependency.
  src=$(GONOSUMDB="$module" go mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || die "could not download $module@v$version through GOPROXY=$(go env GOPROXY)"
  work=$(mktemp -d) && cp -r "$src/." "$work/" && chmod -R u+w "$work"
  [ -z "$prepare" ] || (cd "$work" && "$prepare")
  set +o pipefail
  (cd "$work" && GONOSUMDB="$module" CGO_ENABLED="$cgo" go build -mod=mod -v "${GO_BUILD_FLAGS[@]}" -ldflags "-s -w $ldflags" -o "$target.partial" "$package" 2>&1) |
    tee "$work/build.log" | progress_every 100 "packages compiled"
  status=${PIPESTATUS[0]}
  set -o pipefail
  [ "$status" = 0 ] || die "$name $version did not build:
$(tail -15 "$work/build.log")"
  mv "$target.partial" "$target"
  rm -rf "$work"
}

# Tilt serves its web UI from files embedded at build time, which its module does not contain:
# without them `tilt up` and `tilt ci` stop at start ("JS/CSS files are not available"). Its
# release builds them from web/ with the Yarn release that web/ ships; so does this.
tilt_web_ui() {
  need node "Install Node.js 20: tilt's web UI is built with it."
  log "building tilt's web UI (yarn install and react-scripts build, about 2 minutes)"
  (cd web && node .yarn/releases/yarn-*.cjs install --immutable && CI=false GENERATE_SOURCEMAP=false node .yarn/releases/yarn-*.cjs build) \
    >web-ui.log 2>&1 || die "tilt's web UI did not build:
$(tail -15 web-ui.log)"
  cp -r web/build/. pkg/assets/build/
}

# The Dapr CLI asks for a components-contrib release the module proxy does not serve; the nearest
# one it serves builds and behaves the same for what the CLI uses of it.
dapr_cli_contrib() {
  go mod edit -replace "github.com/dapr/components-contrib=github.com/dapr/components-contrib@v$DAPR_CLI_CONTRIB_VERSION"
}

# `dapr run` starts the daprd of a runtime folder (<path>/.dapr/bin/daprd, DAPR_RUNTIME_PATH):
# this one runs the daprd the local stack runs, so that the CLI needs no `dapr init` (which
# downloads from GitHub), through the stack's wrapper, which adds the stack's mTLS and tokens
# (README "Security model"). dapr-cli.env points DAPR_RUNTIME_PATH here and sets TICKET_SAGA_ROOT.
dapr_cli_runtime() {
  local dir="$CACHE_DIR/dapr-cli/.dapr"
  mkdir -p "$dir/bin"
  rm -f "$dir/bin/daprd"
  cat >"$dir/bin/daprd" <<'SH'
#!/bin/sh
root="${TICKET_SAGA_ROOT:?set by dapr-cli.env: set -a; . ./dapr-cli.env; set +a}"
eval "$(node "$root/tools/stack/dist/cli.js" daprd-env "$@")" || exit 1
exec "$DAPRD" "$@" $DAPRD_MTLS
SH
  chmod +x "$dir/bin/daprd"
  [ -f "$dir/config.yaml" ] || printf 'apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: daprConfig\nspec: {}\n' >"$dir/config.yaml"
}

# The Tiltfile and helm_resource call `helm` and `tilt` by name: each versioned binary is also
# reachable under its plain name, so putting the folder on PATH is all a user has to do.
link_tool() { ln -sfn "$1-$2" "$TOOLS_BIN_DIR/$1"; }

# With names as arguments (e.g. `tools.sh k6`), only those are built.
wanted=" ${*:-helm kubeconform k6 tilt dapr} "
want() { [[ "$wanted" == *" $1 "* ]]; }
want helm && build_tool helm "$HELM_VERSION" helm.sh/helm/v3 ./cmd/helm && link_tool helm "$HELM_VERSION"
want kubeconform && build_tool kubeconform "$KUBECONFORM_VERSION" github.com/yannh/kubeconform ./cmd/kubeconform &&
  link_tool kubeconform "$KUBECONFORM_VERSION"
want k6 && build_tool k6 "$K6_VERSION" go.k6.io/k6/v2 . && link_tool k6 "$K6_VERSION"
want tilt && build_tool tilt "$TILT_VERSION" github.com/tilt-dev/tilt ./cmd/tilt 1 tilt_web_ui "-X main.version=$TILT_VERSION" &&
  link_tool tilt "$TILT_VERSION"
want dapr && build_tool dapr "$DAPR_CLI_VERSION" github.com/dapr/cli . 1 dapr_cli_contrib "-X main.version=$DAPR_CLI_VERSION" &&
  link_tool dapr "$DAPR_CLI_VERSION" && dapr_cli_runtime
# For the real cluster (scripts/k8s/kind.sh), built when named: `tools.sh kind coredns`.
want kind && build_tool kind "$KIND_VERSION" sigs.k8s.io/kind . && link_tool kind "$KIND_VERSION"
want coredns && build_tool coredns "$COREDNS_VERSION" github.com/coredns/coredns .
case ":$PATH:" in
  *":$TOOLS_BIN_DIR:"*) log "tools in $TOOLS_BIN_DIR (on PATH)" ;;
  *) log "tools in $TOOLS_BIN_DIR; put them on PATH for tilt and helm: export PATH=\"$TOOLS_BIN_DIR:\$PATH\"" ;;
esac
