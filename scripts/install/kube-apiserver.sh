#!/usr/bin/env bash
# Builds kube-apiserver, kubectl, kube-controller-manager and kube-scheduler from the Go module
# k8s.io/kubernetes, and etcd from go.etcd.io/etcd/server/v3, pinned, into $K8S_BIN_DIR: the kind
# node image's control plane, and its kubelet, kubeadm and kube-proxy (scripts/install/kind-node.sh).
# No release binaries are downloaded: the module proxy is the only source.
set -euo pipefail
LOG_TAG=k8s
. "$(dirname "$0")/../lib/common.sh"

# The controller manager and the scheduler share most packages with the API server: together they
# add about a minute to a first build of 7.
BINARIES=(kube-apiserver kubectl kube-controller-manager kube-scheduler kubelet kubeadm kube-proxy)

installed() {
  local b kubectl_version etcd_version
  for b in "${BINARIES[@]}" etcd; do [ -x "$K8S_BIN_DIR/$b" ] || return 1; done
  kubectl_version=$("$K8S_BIN_DIR/kubectl" version --client 2>/dev/null || true)
  etcd_version=$("$K8S_BIN_DIR/etcd" --version 2>/dev/null || true)
  grep -qx "Client Version: v$KUBERNETES_VERSION" <<<"$kubectl_version" &&
    grep -qx "etcd Version: $ETCD_VERSION" <<<"$etcd_version"
}

found() { log "Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION found in $K8S_BIN_DIR"; }
installed && { found; exit 0; }

# Two callers at once (setup and a cluster run): the second waits for the first build instead of
# building into the same folders.
mkdir -p "$(dirname "$K8S_BIN_DIR")"
exec 9>"$K8S_BIN_DIR.lock"
flock -n 9 || { log "another build of Kubernetes $KUBERNETES_VERSION is running, waiting for it"; flock 9; }
installed && { found; exit 0; }

need go "Install Go (https://go.dev/dl): kube-apiserver, kubectl and etcd are built from source."

# Downloads the module $1 and prints the field $2 of its metadata (Dir, Time, Hash of its commit).
modinfo() {
  go mod download "$1" &&
    go list -m -json "$1" | sed -n "s/^[[:space:]]*\"$2\": \"\(.*\)\",\{0,1\}\$/\1/p"
}

# Copies a module into a writable work folder: it must be built as the main module (its go.mod has
# replace directives that `go install m@v` refuses).
workdir() {
  local src="$1" work="$CACHE_DIR/build/$2"
  rm -rf "$work" && mkdir -p "$work"
  cp -r "$src/." "$work/" && chmod -R u+w "$work"
  echo "$work"
}

# go build -v prints one line per package: one progress line every 100, the tail on failure.
compile() {
  local name="$1" log="$work/build-$1.log" status start=$SECONDS
  shift
  log "compiling $name"
  set +o pipefail
  CGO_ENABLED=0 go build -mod=mod -v "${GO_BUILD_FLAGS[@]}" "$@" 2>&1 | tee "$log" | progress_every 100 "packages compiled"
  status=${PIPESTATUS[0]}
  set -o pipefail
  [ "$status" = 0 ] || die "go build of $name failed:
$(tail -20 "$log")"
  log "$name compiled in $((SECONDS - start)) s"
}

log "building Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION from the Go module proxy (first time only: about 10 min on 2 cores)"
staging="$K8S_BIN_DIR.partial"
rm -rf "$staging" && mkdir -p "$staging"

module="k8s.io/kubernetes@v$KUBERNETES_VERSION"
src=$(modinfo "$module" Dir)
[ -n "$src" ] || die "could not download $module through GOPROXY=$(go env GOPROXY)"
commit=$(modinfo "$module" Hash) build_date=$(modinfo "$module" Time)
work=$(workdir "$src" "kubernetes-$KUBERNETES_VERSION")
cd "$work"
# The repository builds its staging modules from ./staging/src through these replaces (and go.work),
# but the module zip has no staging sources: each one points at the module the publishing bot
# released from the same commit instead (kubernetes v1.X.Y ships k8s.io/api and the rest as v0.X.Y).
# vendor/ holds only OWNERS files, yet its presence alone would switch go to -mod=vendor.
rm -rf go.work go.work.sum vendor
staging_version="v0.${KUBERNETES_VERSION#*.}"
for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' go.mod); do
  go mod edit -replace "$m=$m@$staging_version"
done

# What hack/lib/version.sh stamps, so `kubectl version` and /version report the real version.
# "archive" is its tree state for a build from a source archive rather than a git checkout; the
# commit and date are the release's, when the proxy knows them.
major=${KUBERNETES_VERSION%%.*} minor=${KUBERNETES_VERSION#*.} minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=v$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=archive ${commit:+-X $pkg.gitCommit=$commit} ${build_date:+-X $pkg.buildDate=$build_date}"
done
# The tags the release build uses (hack/lib/golang.sh).
for b in "${BINARIES[@]}"; do
  compile "$b" -tags selinux,notest -ldflags "$ldflags" -o "$staging/$b" "./cmd/$b"
done
cd / && rm -rf "$work"

# etcd's modules point at each other through relative replaces too; without them, go uses the
# released versions that go.mod already requires (the ones tagged with this etcd release).
module="go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
src=$(modinfo "$module" Dir)
[ -n "$src" ] || die "could not download $module through GOPROXY=$(go env GOPROXY)"
work=$(workdir "$src" "etcd-$ETCD_VERSION")
cd "$work"
for m in $(sed -n 's#^[[:space:]]*\(go\.etcd\.io/[^ ]*\) => \.\./.*#\1#p' go.mod); do
  go mod edit -dropreplace "$m"
done
compile etcd -ldflags "-s -w" -o "$staging/etcd" .
cd / && rm -rf "$work"

# Publish atomically so an interrupted build never looks installed.
rm -rf "$K8S_BIN_DIR" && mv "$staging" "$K8S_BIN_DIR"
installed || die "the binaries in $K8S_BIN_DIR do not report Kubernetes $KUBERNETES_VERSION and etcd $ETCD_VERSION"
log "installed into $K8S_BIN_DIR: ${BINARIES[*]} $KUBERNETES_VERSION, etcd $ETCD_VERSION"
