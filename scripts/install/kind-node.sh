#!/usr/bin/env bash
# Builds the kind node image, docker.io/kindest/node:v$KUBERNETES_VERSION, on a machine that reaches
# no container registry: a Debian bookworm root filesystem (debootstrap, from Debian's packages) with
# systemd, containerd, runc and the CNI plugins; kind's own node files (its entrypoint and units,
# from the kind module); kubelet, kubeadm and kubectl built from the Kubernetes module; and, imported
# into containerd when the node boots, the images kubeadm runs: pause, kube-apiserver,
# kube-controller-manager, kube-scheduler, kube-proxy, etcd and CoreDNS, each under its upstream
# name, each made of the binaries built here; and kind's storage manifest (its local-path
# provisioner, whose images scripts/install/*images.sh build). Kept in podman's store, labelled
# with its recipe: a second run takes a second. Needs root.
#
# Where it differs from kind's published image: Debian's containerd 1.6 and runc instead of kind's
# builds; a static bridge network for the node's pods instead of kindnetd (one node needs no
# overlay); and containerd clamps oom_score_adj (restrict_oom_score_adj), because some kernels
# refuse the negative values runc writes (EIO: "can't get final child's PID from pipe").
set -euo pipefail
LOG_TAG=kind-node
. "$(dirname "$0")/../lib/common.sh"

[ "$(id -u)" = 0 ] || die "run as root: it runs debootstrap and writes podman's store"
image="docker.io/kindest/node:v$KUBERNETES_VERSION"
recipe=$( (cat "$0"; echo "$KUBERNETES_VERSION $ETCD_VERSION $KIND_VERSION $COREDNS_VERSION") | sha256sum | cut -c1-16)
old=$(podman image inspect --format '{{index .Labels "ticket-saga.recipe"}}' "$image" 2>/dev/null || true)
if [ "$old" = "$recipe" ]; then
  log "$image found"
  exit 0
fi

bash "$(dirname "$0")/containers.sh" >/dev/null
bash "$(dirname "$0")/kube-apiserver.sh"
bash "$(dirname "$0")/tools.sh" kind coredns
# debootstrap builds the node; kube-proxy's image takes this machine's iptables and conntrack.
missing=""
for pair in debootstrap:debootstrap xtables-nft-multi:iptables conntrack:conntrack; do
  [ -x "/usr/sbin/${pair%%:*}" ] || command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
[ -z "$missing" ] || {
  log "installing$missing from Debian"
  apt-cache show $missing >/dev/null 2>&1 || apt-get update -q | progress_every 5 "package lists read"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing | sed -un '/^Setting up/p' | progress_every 5 "packages set up"
}

started=$SECONDS
build="$CACHE_DIR/build/kind-node-$KUBERNETES_VERSION"
rootfs="$build/rootfs" images="$build/images"
kind_files=$(go mod download -json "sigs.k8s.io/kind@v$KIND_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')/images/base/files
[ -d "$kind_files" ] || die "kind $KIND_VERSION's node files not found in its module"
rm -rf "$build" && mkdir -p "$images"
trap 'rm -rf "$build"' EXIT

# --- The images kubeadm runs, from scratch: a binary each (kube-proxy also needs iptables).
archive() { # <ref> <file>: the image as a docker archive, to be imported by the node's containerd
  rm -f "$images/$2"
  buildah push -q "$1" "docker-archive:$images/$2:$1" >/dev/null
}
from_scratch() { # <ref> <file> <entrypoint json or ''> <src:dest>...
  local ref="$1" file="$2" entrypoint="$3" c pair
  shift 3
  c=$(buildah from scratch)
  for pair in "$@"; do buildah copy "$c" "${pair%%:*}" "${pair#*:}" >/dev/null; done
  [ -z "$entrypoint" ] || buildah config --entrypoint "$entrypoint" "$c"
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$c"
  buildah commit -q "$c" "$ref" >/dev/null && buildah rm "$c" >/dev/null
  archive "$ref" "$file"
  log "  $ref"
}
log "building the control plane's images from the binaries built here"
gcc -static -O2 -o "$build/pause" "$(dirname "$0")/kind-node/pause.c"
from_scratch registry.k8s.io/pause:3.10 pause.tar '["/pause"]' "$build/pause:/pause"
for b in kube-apiserver kube-controller-manager kube-scheduler; do
  from_scratch "registry.k8s.io/$b:v$KUBERNETES_VERSION" "$b.tar" '' "$K8S_BIN_DIR/$b:/usr/local/bin/$b"
done
from_scratch "registry.k8s.io/etcd:$ETCD_VERSION-0" etcd.tar '' "$K8S_BIN_DIR/etcd:/usr/local/bin/etcd"
from_scratch "registry.k8s.io/coredns/coredns:v$COREDNS_VERSION" coredns.tar '["/coredns"]' "$TOOLS_BIN_DIR/coredns-$COREDNS_VERSION:/coredns"
# kube-proxy's iptables mode runs iptables: this machine's (nf_tables), its extensions and their libraries.
proxy="$build/kube-proxy"
mkdir -p "$proxy/usr/sbin" "$proxy/usr/local/bin" "$proxy/usr/lib/x86_64-linux-gnu" "$proxy/lib64"
cp /usr/sbin/xtables-nft-multi /usr/sbin/conntrack "$proxy/usr/sbin/"
for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do ln -s xtables-nft-multi "$proxy/usr/sbin/$t"; done
cp -a /usr/lib/x86_64-linux-gnu/xtables "$proxy/usr/lib/x86_64-linux-gnu/"
for lib in $( (ldd /usr/sbin/xtables-nft-multi /usr/sbin/conntrack /usr/lib/x86_64-linux-gnu/xtables/*.so) | awk '/=> \//{print $3}' | sort -u); do
  mkdir -p "$proxy$(dirname "$lib")" && cp -L "$lib" "$proxy$lib"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$proxy/lib64/"
cp "$K8S_BIN_DIR/kube-proxy" "$proxy/usr/local/bin/"
from_scratch "registry.k8s.io/kube-proxy:v$KUBERNETES_VERSION" kube-proxy.tar '' "$proxy:/"

# --- The node's root filesystem.
log "debootstrap: Debian bookworm with systemd, containerd, runc and the CNI plugins (about 2 minutes)"
mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
debootstrap --variant=minbase \
  --include=systemd,systemd-sysv,dbus,containerd,runc,containernetworking-plugins,iptables,nftables,conntrack,socat,ethtool,procps,util-linux,mount,iproute2,ca-certificates,libseccomp2,kmod,findutils,curl,jq,bash \
  bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" | progress_every 50 "debootstrap lines"

log "kind's node files, kubelet, kubeadm and kubectl $KUBERNETES_VERSION"
install -m 0755 "$kind_files"/usr/local/bin/* "$rootfs/usr/local/bin/"
mkdir -p "$rootfs/kind" && cp -r "$kind_files/kind/." "$rootfs/kind/" && chmod 0755 "$rootfs"/kind/bin/*
mkdir -p "$rootfs"/etc/{default,sysctl.d,containerd,kubernetes/manifests,cni/net.d} "$rootfs/etc/systemd/system/kubelet.service.d"
cp "$kind_files/etc/crictl.yaml" "$rootfs/etc/"
cp "$kind_files"/etc/default/* "$rootfs/etc/default/"
cp "$kind_files"/etc/sysctl.d/* "$rootfs/etc/sysctl.d/"
cp "$kind_files"/etc/systemd/system/{containerd.service,kubelet.service,undo-mount-hacks.service,kubelet.slice} "$rootfs/etc/systemd/system/"
cp "$kind_files"/etc/systemd/system/kubelet.service.d/* "$rootfs/etc/systemd/system/kubelet.service.d/"
# Debian's containerd and CNI plugins, where kind's unit and configuration look for them.
ln -sf /usr/bin/containerd "$rootfs/usr/local/bin/containerd"
mkdir -p "$rootfs/opt/cni" && ln -sfn /usr/lib/cni "$rootfs/opt/cni/bin"
# kind's containerd configuration, without its rootless snapshotter and with oom_score_adj clamped.
sed -e '/^\[proxy_plugins/,/^  address/d' -e 's/restrict_oom_score_adj = false/restrict_oom_score_adj = true/' \
  "$kind_files/etc/containerd/config.toml" >"$rootfs/etc/containerd/config.toml"
grep -q 'restrict_oom_score_adj = true' "$rootfs/etc/containerd/config.toml" || die "kind's containerd configuration changed: oom_score_adj is not clamped"
chroot "$rootfs" sh -c "ctr oci spec | jq '.hooks.createContainer[.hooks.createContainer | length] |= . + {\"path\": \"/kind/bin/mount-product-files.sh\"}' | jq 'del(.process.rlimits)'" \
  >"$rootfs/etc/containerd/cri-base.json"
install -m 0755 "$K8S_BIN_DIR/kubelet" "$K8S_BIN_DIR/kubeadm" "$K8S_BIN_DIR/kubectl" "$rootfs/usr/bin/"
echo "v$KUBERNETES_VERSION" >"$rootfs/kind/version"
mkdir -p "$rootfs/kind/images" "$rootfs/kind/manifests" && cp "$images"/*.tar "$rootfs/kind/images/"
cp "$(dirname "$0")"/kind-node/kind-images.service "$rootfs/etc/systemd/system/"
cp "$(dirname "$0")"/kind-node/default-cni.yaml "$rootfs/kind/manifests/"
# kind's default StorageClass and local-path provisioner, as its own node images ship them: the
# manifest from kind's source (its images are built by scripts/install/*images.sh).
awk -F'"' '/^const storage(Provisioner|Helper)Image = / { split($1, w, " "); image[w[2]] = $2; next }
  /^const defaultStorageManifest = `/ { on = 1; next }
  on && /^`/ { exit }
  on { for (name in image) gsub("` \\+ " name " \\+ `", image[name]); print }' \
  "$(dirname "$kind_files")/../../pkg/build/nodeimage/const_storage.go" >"$rootfs/kind/manifests/default-storage.yaml"
grep -q 'kind: StorageClass' "$rootfs/kind/manifests/default-storage.yaml" && ! grep -q '`' "$rootfs/kind/manifests/default-storage.yaml" ||
  die "kind's storage manifest not found in its source, or not filled in"
cp "$(dirname "$0")"/kind-node/10-bridge.conflist "$rootfs/etc/cni/net.d/"
# As kind's base image: only the units a node needs, no kernel log, systemd as init.
chroot "$rootfs" sh -ec '
  find /lib/systemd/system/sysinit.target.wants/ -name systemd-tmpfiles-setup.service -delete
  rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* /lib/systemd/system/local-fs.target.wants/* \
    /lib/systemd/system/sockets.target.wants/*udev* /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*
  echo ReadKMsg=no >>/etc/systemd/journald.conf
  ln -sf "$(command -v systemd)" /sbin/init
  systemctl enable kubelet.service containerd.service undo-mount-hacks.service kind-images.service
  systemctl mask systemd-binfmt.service' >/dev/null 2>&1

log "importing $image into podman's store"
tar -C "$rootfs" -c . | podman import -q \
  --change 'ENTRYPOINT ["/usr/local/bin/entrypoint", "/sbin/init"]' --change 'STOPSIGNAL SIGRTMIN+3' \
  --change "LABEL ticket-saga.recipe=$recipe" - "$image" >/dev/null
log "built $image in $((SECONDS - started)) s ($(podman image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1 / 1e6}'))"
