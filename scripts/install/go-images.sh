#!/usr/bin/env bash
# A kind cluster on a machine that reaches no registry cannot pull the Go programs that run beside
# the apps: the chart's OpenTelemetry collector, the Dapr dashboard the Tiltfile installs, and kind's
# storage provisioner, without which the chart's Kafka and Redis volumes are never bound. This
# builds them from the Go module proxy under the very names the chart, the Tiltfile and kind ask
# for, laid out as the published images are (binary, entrypoint, user, working folder), so that
# nothing else changes for such a machine. Each image is run and checked before it is saved as a
# docker archive for `kind load image-archive` in $CACHE_DIR/images/cluster; an archive is named by
# its tag and what it was built from, and kept, so a second run takes a second and a new version in
# values.yaml, the Tiltfile or kind builds that image again.
#
# Where the images differ from the published ones:
# - The collector holds only what the chart's configuration uses (receivers zipkin and otlp,
#   processors memory_limiter and batch, exporters zipkin and debug, extension health_check), and
#   it is the release of the chart's tag (0.148.0: the module proxy serves the contrib zipkin
#   exporter at no older release).
# - The dashboard: the module proxy serves no version of github.com/dapr/dashboard (nor the Dapr
#   release candidates its v0.14.0 asks for), so it is left out with a warning where that is so
#   (the dashboard's pod then waits for its image; the rest of the cluster does not need it).
#   Where it is served, the binary is built from it and the web UI from its web/ folder with npm,
#   or, should that fail, left out: the API (/api/...) answers alone.
# - The provisioner is statically linked, on no base image (kind's runs on distroless/base).
# Needs root.
set -euo pipefail
LOG_TAG=go-images
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/images.sh"

[ "$(id -u)" = 0 ] || die "run as root: it writes podman's store and runs each image to check it"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$CACHE_DIR/images/cluster"
build="$CACHE_DIR/build/go-images"
need go "Install Go (https://go.dev/dl): these images are built from the Go module proxy."
need curl "Install curl: the images are checked through it."
need nsenter "Install util-linux: the images are checked from inside their network namespace."

module_dir() { # <module> <version>: its folder in the module cache; empty, with the proxy's answer on stderr, where it is not served
  local json
  # The checksum database mirror lacks some of these modules; their own go.sum pins every dependency.
  json=$(GONOSUMDB="$1" go mod download -json "$1@$2" 2>/dev/null || true)
  sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p' <<<"$json" | sed -E 's#reading [a-z]+://[^ ]+: ##; s#\\n\\t# #g; s#\\n# #g' >&2
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json"
}
archive() { # <reference> [<what it is built from, when the tag does not say>]: its archive
  local name="${1##*/}"
  echo "$out/${name%%:*}-${name#*:}${2:+-$2}.tar"
}

# --- Which images, under which names: read where they are decided, not repeated here.
# tracing.collectorImage of the chart's values.yaml (a key of a top-level block, two spaces in).
collector_ref=$(upstream "charts/ticket-saga/values.yaml tracing.collectorImage" "$(awk '
  /^[^ #]/ { on = ($1 == "tracing:"); next }
  on && $1 == "collectorImage:" { print $2; exit }' "$repo/charts/ticket-saga/values.yaml" | tr -d "\"'")")
dashboard_version=$(sed -n "s/^DAPR_DASHBOARD_VERSION = '\([^']*\)'.*/\1/p" "$repo/Tiltfile")
[ -n "$dashboard_version" ] || die "no DAPR_DASHBOARD_VERSION = '...' in the Tiltfile"
# Dapr's dashboard chart names its image <image.registry>/<image.name>, tagged with the chart's version
# when released; these are its values. They are read again from the chart in the module when it is built.
dashboard_ref="docker.io/daprio/dashboard:$dashboard_version"
kind_dir=$(module_dir sigs.k8s.io/kind "v$KIND_VERSION")
[ -n "$kind_dir" ] || die "go mod download sigs.k8s.io/kind@v$KIND_VERSION failed (GOPROXY=$(go env GOPROXY))"
provisioner_ref=$(upstream "kind $KIND_VERSION's pkg/build/nodeimage/const_storage.go" \
  "$(sed -n 's/^const storageProvisionerImage = "\(.*\)"$/\1/p' "$kind_dir/pkg/build/nodeimage/const_storage.go")")
# kind builds that image from rancher's local-path-provisioner at the release its Makefile names.
provisioner_version=$(sed -n 's/^VERSION=\(v[0-9.]*\)$/\1/p' "$kind_dir/images/local-path-provisioner/Makefile")
[ -n "$provisioner_version" ] || die "no VERSION= in kind $KIND_VERSION's images/local-path-provisioner/Makefile"

declare -A refs=([collector]="$collector_ref" [dashboard]="$dashboard_ref" [provisioner]="$provisioner_ref")
# The collector release is the chart's tag: one definition, in values.yaml.
OTELCOL_VERSION=${collector_ref##*:}
declare -A archives=([collector]=$(archive "$collector_ref")
  [dashboard]=$(archive "$dashboard_ref") [provisioner]=$(archive "$provisioner_ref" "$provisioner_version"))
wanted=()
for name in collector dashboard provisioner; do [ -f "${archives[$name]}" ] || wanted+=("$name"); done
if [ "${#wanted[@]}" = 0 ]; then
  log "Go images found in $out"
  exit 0
fi
log "building ${wanted[*]} into $out"

bash "$here/containers.sh" >/dev/null
need busybox "scripts/install/containers.sh installs it (busybox-static): a check listens with its nc."
mkdir -p "$out"
container="" checks=() skipped=()
cleanup() {
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  local c
  for c in "${checks[@]}"; do podman "${PODMAN_FLAGS[@]}" rm -f "$c" >/dev/null 2>&1 || true; done
  rm -rf "$build"
}
trap cleanup EXIT
rm -rf "$build" && mkdir -p "$build/bin"

# --- Building blocks.
go_build() { # <name> <module folder> <package> <linker flags>: a static binary, $build/bin/<name>
  local status
  set +o pipefail
  (cd "$2" && CGO_ENABLED=0 go build -mod=mod -trimpath -v "${GO_BUILD_FLAGS[@]}" -ldflags "-s -w $4" -o "$build/bin/$1" "$3" 2>&1) |
    tee "$build/$1.log" | progress_every 100 "packages compiled"
  status=${PIPESTATUS[0]}
  set -o pipefail
  [ "$status" = 0 ] || die "$1 did not build:
$(tail -15 "$build/$1.log")"
}
writable_copy() { # <module folder> <name>: a copy to build in as the main module, which honours its replace directives
  rm -rf "${build:?}/$2" && mkdir -p "$build/$2" && cp -r "$1/." "$build/$2/" && chmod -R u+w "$build/$2"
  echo "$build/$2"
}
start() { # a working container from scratch, with this machine's CA bundle (behind a proxy that inspects TLS, its CA is in it)
  [ -f /etc/ssl/certs/ca-certificates.crt ] || die "/etc/ssl/certs/ca-certificates.crt is missing: apt-get install ca-certificates"
  container=$(buildah from scratch)
  buildah copy "$container" /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt >/dev/null
}
commit() { # <name> <description>: the working container as that image, in place of the one it replaces
  local old ref="${refs[$1]}"
  buildah config --label org.opencontainers.image.description="$2" "$container"
  old=$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  buildah commit -q --rm "$container" "$ref" >/dev/null
  container=""
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
}
etc_files() { # <root filesystem> <user:uid>: /etc/passwd and /etc/group with root, nobody and that user, and a /tmp
  mkdir -p "$1/etc" "$1/tmp" && chmod 1777 "$1/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$1/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$1/etc/group"
  if [ "${2%%:*}" = root ]; then return; fi
  printf '%s:x:%s:%s:%s:/home/%s:/sbin/nologin\n' "${2%%:*}" "${2#*:}" "${2#*:}" "${2%%:*}" "${2%%:*}" >>"$1/etc/passwd"
  printf '%s:x:%s:\n' "${2%%:*}" "${2#*:}" >>"$1/etc/group"
  mkdir -p "$1/home/${2%%:*}" && chown "${2#*:}:${2#*:}" "$1/home/${2%%:*}"
}

# --- Checks: each image run as its pod runs it, with no network (nothing collides with a stack or a
# cluster on this machine's ports); its servers are reached from inside its network namespace, as
# the images have no shell to run a client in.
in_net() { # <container> <command>...: the command, of this machine, in the container's network namespace
  local pid
  pid=$(podman inspect --format '{{.State.Pid}}' "$1" 2>/dev/null) && [ "${pid:-0}" != 0 ] || return 1
  shift
  nsenter --net="/proc/$pid/ns/net" -- "$@"
}
poll() { # <container> <seconds> <command>...: until the command succeeds in its network; fails once the container has stopped or time is up
  local c="$1" deadline=$((SECONDS + $2))
  shift 2
  until in_net "$c" "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] && [ "$(podman inspect --format '{{.State.Running}}' "$c" 2>/dev/null)" = true ] || return 1
    sleep 1
  done
}
stop_check() { # <container>: stopped as Kubernetes stops a pod (SIGTERM, then a grace period)
  podman "${PODMAN_FLAGS[@]}" stop -t 30 "$1" >/dev/null && podman "${PODMAN_FLAGS[@]}" rm "$1" >/dev/null
}

# --- The OpenTelemetry collector: a main package written here, with the components the chart needs.
if wants collector; then
  started=$SECONDS
  log "collector: otelcol $OTELCOL_VERSION (receivers zipkin, otlp; processors memory_limiter, batch; exporters zipkin, debug; extension health_check) as $collector_ref"
  otelcol_mod=$(GONOSUMDB=go.opentelemetry.io go mod download -json "go.opentelemetry.io/collector/otelcol@v$OTELCOL_VERSION" 2>/dev/null |
    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p') || true
  [ -n "$otelcol_mod" ] || die "go mod download go.opentelemetry.io/collector/otelcol@v$OTELCOL_VERSION failed (GOPROXY=$(go env GOPROXY))"
  # The stable modules (confmap and its providers) are released beside each 0.x release with a 1.x number.
  stable=$(sed -n 's/^[[:space:]]*go\.opentelemetry\.io\/collector\/confmap \(v1\.[0-9.]*\)$/\1/p' "$otelcol_mod" | head -1)
  [ -n "$stable" ] || die "no go.opentelemetry.io/collector/confmap v1.x in otelcol v$OTELCOL_VERSION's go.mod"
  src="$build/otelcol"
  mkdir -p "$src"
  core=go.opentelemetry.io/collector contrib=github.com/open-telemetry/opentelemetry-collector-contrib
  cat >"$src/go.mod" <<EOF
module ticket-saga/otelcol

go 1.25.0

require (
	$core/otelcol v$OTELCOL_VERSION
	$core/service v$OTELCOL_VERSION
	$core/receiver/otlpreceiver v$OTELCOL_VERSION
	$core/processor/batchprocessor v$OTELCOL_VERSION
	$core/processor/memorylimiterprocessor v$OTELCOL_VERSION
	$core/exporter/debugexporter v$OTELCOL_VERSION
	$core/confmap/provider/envprovider $stable
	$core/confmap/provider/fileprovider $stable
	$core/confmap/provider/yamlprovider $stable
	$contrib/receiver/zipkinreceiver v$OTELCOL_VERSION
	$contrib/exporter/zipkinexporter v$OTELCOL_VERSION
	$contrib/extension/healthcheckextension v$OTELCOL_VERSION
)
EOF
  cat >"$src/main.go" <<'EOF'
// Command otelcol is the collector of the ticket-saga chart: the sidecars' zipkin spans, bounded
// in memory and batched, on to Zipkin; OTLP in and a debug exporter for trying things by hand.
package main

import (
	"os"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/confmap/provider/yamlprovider"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/extension"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/batchprocessor"
	"go.opentelemetry.io/collector/processor/memorylimiterprocessor"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/zipkinexporter"
	"github.com/open-telemetry/opentelemetry-collector-contrib/extension/healthcheckextension"
	"github.com/open-telemetry/opentelemetry-collector-contrib/receiver/zipkinreceiver"
)

// Set at link time.
var version = "dev"

func factories() (otelcol.Factories, error) {
	f := otelcol.Factories{Telemetry: otelconftelemetry.NewFactory()}
	var err error
	if f.Receivers, err = otelcol.MakeFactoryMap[receiver.Factory](zipkinreceiver.NewFactory(), otlpreceiver.NewFactory()); err != nil {
		return f, err
	}
	if f.Processors, err = otelcol.MakeFactoryMap[processor.Factory](memorylimiterprocessor.NewFactory(), batchprocessor.NewFactory()); err != nil {
		return f, err
	}
	if f.Exporters, err = otelcol.MakeFactoryMap[exporter.Factory](zipkinexporter.NewFactory(), debugexporter.NewFactory()); err != nil {
		return f, err
	}
	f.Extensions, err = otelcol.MakeFactoryMap[extension.Factory](healthcheckextension.NewFactory())
	return f, err
}

func main() {
	cmd := otelcol.NewCommand(otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{Command: "otelcol", Description: "OpenTelemetry Collector (ticket-saga)", Version: version},
		Factories: factories,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{ResolverSettings: confmap.ResolverSettings{
			ProviderFactories: []confmap.ProviderFactory{fileprovider.NewFactory(), envprovider.NewFactory(), yamlprovider.NewFactory()},
		}},
	})
	if err := cmd.Execute(); err != nil {
		os.Exit(1) // cobra has printed the error
	}
}
EOF
  log "  go mod tidy (the collector's modules from the proxy)"
  (cd "$src" && go mod tidy) >"$build/otelcol-tidy.log" 2>&1 || die "go mod tidy for otelcol $OTELCOL_VERSION failed:
$(grep -v '^go: downloading' "$build/otelcol-tidy.log" | tail -10)"
  log "  go build (about 3 min on 2 cores the first time)"
  go_build otelcol "$src" . "-X main.version=$OTELCOL_VERSION"
  # The published image's default: what runs with no arguments at all.
  mkdir -p "$build/otelcol-etc"
  cat >"$build/otelcol-etc/config.yaml" <<'EOF'
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
      http:
        endpoint: 0.0.0.0:4318
  zipkin:
    endpoint: 0.0.0.0:9411
processors:
  memory_limiter:
    check_interval: 1s
    limit_percentage: 80
    spike_limit_percentage: 20
  batch: {}
exporters:
  debug: {}
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [otlp, zipkin]
      processors: [memory_limiter, batch]
      exporters: [debug]
EOF
  start
  buildah copy --chmod 0755 "$container" "$build/bin/otelcol" /otelcol >/dev/null
  buildah copy --chmod 0644 "$container" "$build/otelcol-etc/config.yaml" /etc/otelcol/config.yaml >/dev/null
  buildah config --user 10001:10001 --entrypoint '["/otelcol"]' --cmd '["--config", "/etc/otelcol/config.yaml"]' \
    --port 4317 --port 4318 --port 9411 --port 13133 --label org.opencontainers.image.version="$OTELCOL_VERSION" "$container"
  commit collector "OpenTelemetry Collector $OTELCOL_VERSION with the ticket-saga chart's components, built from the Go module proxy"

  log "checking $collector_ref: the chart's arguments and configuration, health_check, a span posted to its zipkin receiver and exported"
  # The chart's configuration with memory_limiter and health_check, exporting to Zipkin's path on a
  # port of the check's own, where a listener stands in for Zipkin; the debug exporter shows the span too.
  conf="$build/otelcol-check"
  mkdir -p "$conf"
  cat >"$conf/config.yaml" <<'EOF'
receivers:
  zipkin:
    endpoint: 0.0.0.0:9411
processors:
  memory_limiter:
    check_interval: 1s
    limit_mib: 100
    spike_limit_mib: 25
  batch:
    timeout: 200ms
exporters:
  zipkin:
    endpoint: http://127.0.0.1:39411/api/v2/spans
  debug:
    verbosity: detailed
extensions:
  health_check:
    endpoint: 0.0.0.0:13133
service:
  extensions: [health_check]
  pipelines:
    traces:
      receivers: [zipkin]
      processors: [memory_limiter, batch]
      exporters: [zipkin, debug]
EOF
  chmod -R a+rX "$conf"
  c="go-images-collector-$$" since=$SECONDS
  run_check "$c" --user 10001 -v "$conf:/conf:ro" "$collector_ref" --config=/conf/config.yaml
  poll "$c" 60 curl -fsS http://127.0.0.1:13133/ || check_failed "$c" collector "did not answer on health_check (13133) within 60 s"
  log "  health_check answered $((SECONDS - since)) s after the start"
  # Zipkin's stand-in: nc hands one connection to a script that keeps the request and answers 202, as Zipkin does.
  cat >"$build/zipkin-stand-in.sh" <<'EOF'
cr=$(printf '\r') length=0
while IFS= read -r line; do
  line=${line%"$cr"}
  printf '%s\n' "$line" >>"$SINK"
  [ -n "$line" ] || break
  case "$line" in [Cc]ontent-[Ll]ength:*) length=$((${line#*:})) ;; esac
done
head -c "$length" >>"$SINK"
printf 'HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
EOF
  : >"$build/zipkin-sink.txt"
  SINK="$build/zipkin-sink.txt" in_net "$c" timeout 60 busybox nc -l -p 39411 -e sh "$build/zipkin-stand-in.sh" </dev/null >/dev/null 2>&1 &
  sink=$!
  poll "$c" 10 grep -q ":$(printf '%04X' 39411) " /proc/net/tcp /proc/net/tcp6 || check_failed "$c" collector "check: the zipkin stand-in did not listen on 39411"
  span='[{"traceId":"5a9a5a9a5a9a5a9a","id":"5a9a5a9a5a9a5a9a","name":"go-images-check","timestamp":'"$(date +%s)"'000000,"duration":1000,"localEndpoint":{"serviceName":"go-images"}}]'
  code=$(in_net "$c" curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data "$span" http://127.0.0.1:9411/api/v2/spans) || code="none"
  [ "$code" = 202 ] || check_failed "$c" collector "answered $code, not 202, to a span posted to its zipkin receiver"
  deadline=$((SECONDS + 30))
  until grep -q 'go-images-check' "$build/zipkin-sink.txt" 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || check_failed "$c" collector "took a span but did not export it to Zipkin within 30 s"
    sleep 1
  done
  grep -q '^POST /api/v2/spans ' "$build/zipkin-sink.txt" || check_failed "$c" collector "exported to Zipkin but not as POST /api/v2/spans"
  wait "$sink" || check_failed "$c" collector "check: the Zipkin stand-in did not answer the export"
  podman "${PODMAN_FLAGS[@]}" logs "$c" 2>&1 | grep -q 'go-images-check' || check_failed "$c" collector "did not show the span on its debug exporter"
  ! podman "${PODMAN_FLAGS[@]}" logs "$c" 2>&1 | grep -q 'Exporting failed' || check_failed "$c" collector "had to retry its export to Zipkin"
  log "  the span came out to the Zipkin stand-in as POST /api/v2/spans, answered 202, and on the debug exporter"
  stop_check "$c" || check_failed "$c" collector "did not stop on SIGTERM within 30 s"
  log "  with no arguments: the default configuration /etc/otelcol/config.yaml"
  run_check "$c" "$collector_ref"
  poll "$c" 60 curl -fsS http://127.0.0.1:13133/ || check_failed "$c" collector "did not start on its default configuration"
  stop_check "$c" || check_failed "$c" collector "did not stop on SIGTERM within 30 s"
  save collector "$started"
fi

# --- The Dapr dashboard, where the module proxy serves it.
dashboard_ui() { # <source folder>: the Angular app in <source>/web/dist, or a reason why not on stdout
  command -v npm >/dev/null 2>&1 || { echo "npm is not installed"; return; }
  log "  web UI: npm ci, then ng build (Angular 12, about 5 min on 2 cores)"
  # Install scripts are skipped: electron's (for the desktop app, not built here) download from
  # GitHub. esbuild's is run: ng build needs its binary, which comes from the npm registry.
  # scripts/version.js writes src/environments/version.ts from git, which a module copy is not. The
  # production build would inline Google's icon font, fetched from the internet: left as a link.
  (cd "$1/web" && npm ci --ignore-scripts --no-audit --no-fund && npm rebuild esbuild &&
    node -e 'const fs = require("fs"), a = JSON.parse(fs.readFileSync("angular.json", "utf8"));
      for (const p of Object.values(a.projects)) {
        const prod = ((p.architect || {}).build || {}).configurations || {};
        if (prod.production) prod.production.optimization = { scripts: true, styles: true, fonts: false };
      }
      fs.writeFileSync("angular.json", JSON.stringify(a, null, 2));' &&
    printf 'export const VERSION = %s;\n' "{ version: '$dashboard_version', semver: { version: '$dashboard_version' }, tag: 'v$dashboard_version', raw: 'v$dashboard_version', hash: '', distance: 0, dirty: false }" \
      >src/environments/version.ts &&
    npx --no-install ngcc && NODE_OPTIONS=--openssl-legacy-provider npx --no-install ng build --configuration production --output-path dist) \
    >"$build/dashboard-ui.log" 2>&1 || { echo "npm or ng build failed ($(tail -1 "$build/dashboard-ui.log"))"; return; }
  [ -f "$1/web/dist/index.html" ] || echo "ng build wrote no dist/index.html"
}
if wants dashboard; then
  started=$SECONDS
  log "dashboard: github.com/dapr/dashboard v$dashboard_version (the Tiltfile's DAPR_DASHBOARD_VERSION)"
  dir=$(module_dir github.com/dapr/dashboard "v$dashboard_version" 2>"$build/dashboard-download.txt") why=""
  if [ -z "$dir" ]; then
    why="the module proxy does not serve github.com/dapr/dashboard@v$dashboard_version ($(head -1 "$build/dashboard-download.txt"))"
  else
    src=$(writable_copy "$dir" dashboard)
    (cd "$src" && GONOSUMDB=github.com/dapr go mod download) >"$build/dashboard-mod.log" 2>&1 ||
      why="the module proxy does not serve all its dependencies ($(grep -m1 -v '^go: downloading' "$build/dashboard-mod.log" | sed -E 's#reading [a-z]+://[^ ]+: ##'))"
  fi
fi
if wants dashboard && [ -n "$why" ]; then
  log "warning: $dashboard_ref not built: $why; the dashboard's pod will wait for its image"
  skipped+=("$dashboard_ref")
elif wants dashboard; then
  values="$src/chart/dapr-dashboard/values.yaml"
  if [ -f "$values" ]; then
    registry=$(awk '/^image:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $1 == "registry:" { print $2; exit }' "$values" | tr -d "\"'")
    image=$(awk '/^image:/ { on = 1; next } /^[^ ]/ { on = 0 } on && $1 == "name:" { print $2; exit }' "$values" | tr -d "\"'")
    [ "$registry/$image:$dashboard_version" = "$dashboard_ref" ] ||
      die "the dashboard's chart names its image $registry/$image, not ${dashboard_ref%:*}: update dashboard_ref in $0"
  fi
  log "  go build (the dashboard and Dapr's CLI, Kubernetes clients)"
  GONOSUMDB=github.com/dapr go_build dashboard "$src" . "-X github.com/dapr/dashboard/pkg/version.version=$dashboard_version"
  ui=$(dashboard_ui "$src")
  [ -z "$ui" ] || log "warning: the dashboard's web UI is left out, its API (/api/...) alone answers: $ui"
  # As the published image: distroless's nonroot user, the binary and web/dist under /app, its working folder.
  rootfs="$build/dashboard-root"
  etc_files "$rootfs" nonroot:65532
  mkdir -p "$rootfs/app/web"
  cp "$build/bin/dashboard" "$rootfs/app/dashboard"
  [ -n "$ui" ] || cp -r "$src/web/dist" "$rootfs/app/web/dist"
  start
  cp -a "$rootfs/." "$(buildah mount "$container")/"
  buildah umount "$container" >/dev/null
  buildah config --user 65532:65532 --workingdir /app --entrypoint '["./dashboard"]' --cmd '[]' --port 8080 \
    --env HOME=/home/nonroot --label org.opencontainers.image.version="$dashboard_version" "$container"
  commit dashboard "Dapr dashboard $dashboard_version, built from the Go module proxy$([ -z "$ui" ] || echo ', without its web UI')"

  log "checking $dashboard_ref: it starts outside Kubernetes and /api/features answers"
  c="go-images-dashboard-$$"
  run_check "$c" -e NAMESPACE=dapr-system "$dashboard_ref"
  poll "$c" 60 curl -fsS http://127.0.0.1:8080/api/features || check_failed "$c" dashboard "did not answer /api/features within 60 s"
  log "  /api/features: $(in_net "$c" curl -fsS http://127.0.0.1:8080/api/features)"
  if [ -z "$ui" ]; then
    in_net "$c" curl -fsS http://127.0.0.1:8080/ | grep -q '<app-root' || check_failed "$c" dashboard "did not serve its web UI at /"
    log "  / serves the web UI"
  fi
  stop_check "$c" || check_failed "$c" dashboard "did not stop on SIGTERM within 30 s"
  save dashboard "$started"
fi

# --- kind's storage provisioner: rancher's local-path-provisioner at the release kind builds.
if wants provisioner; then
  started=$SECONDS
  log "provisioner: github.com/rancher/local-path-provisioner $provisioner_version (kind $KIND_VERSION's build of it is $provisioner_ref)"
  dir=$(module_dir github.com/rancher/local-path-provisioner "$provisioner_version")
  [ -n "$dir" ] || die "go mod download github.com/rancher/local-path-provisioner@$provisioner_version failed (GOPROXY=$(go env GOPROXY))"
  src=$(writable_copy "$dir" local-path-provisioner)
  log "  go build (Kubernetes clients: about 2 min on 2 cores the first time)"
  go_build local-path-provisioner "$src" . "-X main.VERSION=$provisioner_version"
  rootfs="$build/provisioner-root"
  etc_files "$rootfs" root:0
  mkdir -p "$rootfs/usr/local/bin"
  cp "$build/bin/local-path-provisioner" "$rootfs/usr/local/bin/"
  start
  cp -a "$rootfs/." "$(buildah mount "$container")/"
  buildah umount "$container" >/dev/null
  # kind's manifest runs `local-path-provisioner --debug start ...`, found on PATH.
  buildah config --entrypoint '["/usr/local/bin/local-path-provisioner"]' --cmd '[]' \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label org.opencontainers.image.version="$provisioner_version" "$container"
  commit provisioner "rancher local-path-provisioner $provisioner_version, as kind $KIND_VERSION packages it, built from the Go module proxy"

  log "checking $provisioner_ref: local-path-provisioner --help, and the command kind's manifest gives"
  help=$(podman "${PODMAN_FLAGS[@]}" run --rm "${RUN_LIMITS[@]}" --network none "$provisioner_ref" --help 2>&1) || true
  grep -q 'Local Path Provisioner' <<<"$help" || { podman rmi -f "$provisioner_ref" >/dev/null 2>&1; die "$provisioner_ref --help did not run; removed it. It said:
$help"; }
  version=$(podman "${PODMAN_FLAGS[@]}" run --rm "${RUN_LIMITS[@]}" --network none --entrypoint local-path-provisioner "$provisioner_ref" --version 2>&1) || true
  [[ "$version" == *"$provisioner_version"* ]] || { podman rmi -f "$provisioner_ref" >/dev/null 2>&1; die "local-path-provisioner --version, found on the image's PATH, did not say $provisioner_version; removed it. It said: $version"; }
  log "  $version"
  save provisioner "$started"
fi

if [ "${#skipped[@]}" -gt 0 ]; then
  log "built what could be built into $out; not built: ${skipped[*]} (see the warning above)"
else
  log "Go images in $out"
fi
