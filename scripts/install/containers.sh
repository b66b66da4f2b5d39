#!/usr/bin/env bash
# Installs buildah, podman and runc from Debian, then assembles the base image that stands in for
# the Dockerfile's NODE_IMAGE (node:20-bookworm-slim) on machines that reach no container registry:
# this machine's own Node.js and npm, the libraries node loads, busybox for /bin/sh and the commands
# RUN lines call, CA certificates, and the `node` user (uid/gid 1000) of the official image.
# It is tagged localhost/ticket-saga-node:<node version> and kept in the container store
# (/var/lib/containers), so the second run takes a second; a new Node.js version, or a change to
# this script, builds it again. No global container configuration is written: the scripts pass
# what this machine needs as flags (PODMAN_FLAGS in scripts/lib/common.sh). Needs root.
set -euo pipefail
LOG_TAG=containers
. "$(dirname "$0")/../lib/common.sh"

[ "$(id -u)" = 0 ] || die "run as root: it installs Debian packages and writes the container store in /var/lib/containers"

missing=()
for tool in buildah:buildah podman:podman runc:runc busybox:busybox-static; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  need apt-get "Install ${missing[*]} with your distribution's package manager."
  log "installing ${missing[*]} from Debian"
  apt-get update -q | progress_every 5 "package lists read"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" |
    sed -un '/^Setting up/p' | progress_every 5 "packages set up"
fi
log "$(buildah --version), $(podman --version), $(runc --version | head -1)"

need node "The base image is made of the Node.js that runs the tests: install Node.js 20."
node_bin=$(readlink -f "$(command -v node)")
node_version=$(node -p process.versions.node)
npm_dir="$(dirname "$(dirname "$node_bin")")/lib/node_modules/npm"
[ -f "$npm_dir/bin/npm-cli.js" ] || die "npm not found beside node in $npm_dir"
image="localhost/ticket-saga-node:$node_version"
recipe=$(sha256sum "$0" | cut -c1-16)

old=$(podman image inspect --format '{{.Id}} {{index .Labels "ticket-saga.recipe"}}' "$image" 2>/dev/null || true)
if [ "${old#* }" = "$recipe" ]; then
  log "$image found"
  exit 0
fi

log "assembling $image from $node_bin and $npm_dir"
rootfs="$CACHE_DIR/build/node-image-$node_version"
container=""
cleanup() {
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  rm -rf "$rootfs"
}
trap cleanup EXIT
rm -rf "$rootfs" && mkdir -p "$rootfs"

# The official image's layout: node and npm under /usr/local.
mkdir -p "$rootfs"/{usr/local/bin,usr/local/etc,usr/local/lib/node_modules,etc/ssl/certs,root,home/node,tmp,bin}
cp "$node_bin" "$rootfs/usr/local/bin/node"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# Libraries at the very paths ldd reports, so the loader finds them with no ld.so.cache.
busybox_bin=$(readlink -f "$(command -v busybox)")
for lib in $(for bin in "$node_bin" "$busybox_bin"; do ldd "$bin" || true; done 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*'); do
  cp -L --parents "$lib" "$rootfs/"
done
cp "$busybox_bin" "$rootfs/bin/busybox"
busybox --list-full | while read -r applet; do
  [ -e "$rootfs/$applet" ] && continue
  mkdir -p "$rootfs/$(dirname "$applet")"
  ln -s /bin/busybox "$rootfs/$applet"
done

# This machine's CA list, and npm told to use it: behind a proxy that inspects TLS, the proxy's CA
# is in that list but not in node's built-in one, and `npm ci` fails with SELF_SIGNED_CERT_IN_CHAIN.
# Builds have nobody to read npm's update notice.
[ -f /etc/ssl/certs/ca-certificates.crt ] || die "/etc/ssl/certs/ca-certificates.crt is missing: apt-get install ca-certificates"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nupdate-notifier=false\n' >"$rootfs/usr/local/etc/npmrc"

cat >"$rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$rootfs/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
# Without it glibc asks DNS before /etc/hosts, and `localhost` would depend on the resolver.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
chmod 700 "$rootfs/root"
chown 1000:1000 "$rootfs/home/node"

container=$(buildah from scratch)
cp -a "$rootfs/." "$(buildah mount "$container")/"
buildah umount "$container" >/dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$node_version" \
  --label ticket-saga.recipe="$recipe" \
  --cmd node "$container"
buildah commit --quiet --rm "$container" "$image" >/dev/null
container=""

log "checking $image: node and npm run, and npm reaches its registry from inside"
podman "${PODMAN_FLAGS[@]}" run --rm "${RUN_LIMITS[@]}" --network host "$image" \
  sh -ec 'echo "node $(node -v), npm $(npm -v)"; v=$(npm view npm version); echo "registry answers: npm latest is $v"' |
  sed "s/^/[$LOG_TAG]   /" >&2 || {
  podman rmi "$image" >/dev/null
  die "$image cannot run node and npm, or npm cannot reach its registry from inside (output above); removed it"
}
# The image this one replaces, unless app images still build on it.
[ -z "$old" ] || podman rmi "${old%% *}" >/dev/null 2>&1 || true
log "built $image ($(podman image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
