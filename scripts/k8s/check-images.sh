#!/usr/bin/env bash
# Builds the four app images from the Dockerfile as it is (buildah), and the dev image of one app,
# then runs each app image (podman) the way the chart's Deployment runs it: user, groups, read-only
# root, dropped capabilities, no privilege escalation, its emptyDir mounts, env and resource
# limits, all read from `helm template`; and waits for its readiness path (/healthz) to answer.
# No cluster, no Docker daemon and no registry but npm's are needed: the base image is the local
# stand-in built by scripts/install/containers.sh, unless NODE_IMAGE names another.
# Extra arguments go to every `buildah build`, e.g. --no-cache to time a cold build.
set -euo pipefail
LOG_TAG=check:images
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"

for tool in buildah podman runc; do
  need "$tool" "Install buildah, podman and runc, and the local base image, with: bash scripts/install/containers.sh"
done
need node "Install Node.js 20."
need curl "apt-get install curl"
# PODMAN_FLAGS and RUN_LIMITS (scripts/lib/common.sh): runc on cgroupfs, and limits runc may set.
podman() { command podman "${PODMAN_FLAGS[@]}" "$@"; }

NODE_IMAGE="${NODE_IMAGE:-localhost/ticket-saga-node:$(node -p process.versions.node)}"
[[ "$NODE_IMAGE" != localhost/* ]] || podman image exists "$NODE_IMAGE" ||
  die "base image $NODE_IMAGE not found: build it with 'bash scripts/install/containers.sh', or set NODE_IMAGE to a node:20-bookworm-slim this machine can pull"
DEV_APP=order
DEADLINE_SECONDS="${DEADLINE_SECONDS:-30}"

tmp=$(mktemp -d)
containers=()
ctx=""
cleanup() {
  local c
  for c in "${containers[@]}"; do podman rm -f -t 2 "$c" >/dev/null 2>&1 || true; done
  [ -z "$ctx" ] || buildah rm "$ctx" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", e - s }'; }
mb() { podman image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }'; }

log "build context after .dockerignore"
printf 'FROM scratch\nCOPY . /context/\n' | buildah build --quiet -f - -t localhost/ticket-saga-context:check . >/dev/null
ctx=$(buildah from localhost/ticket-saga-context:check)
mnt=$(buildah mount "$ctx")
log "  $(find "$mnt/context" -type f | wc -l) files, $(du -sh --apparent-size "$mnt/context" | cut -f1)"
buildah rm "$ctx" >/dev/null && ctx="" && buildah rmi localhost/ticket-saga-context:check >/dev/null

# --layers: buildah, unlike docker, caches nothing by default. RUN steps use the host's network, so
# npm ci reaches its registry without a bridge and NAT rules.
# The image a tag pointed to before is removed, so the store keeps one image per tag, not per run.
build() {
  local tag="$1" started=$EPOCHREALTIME previous
  shift
  log "building $tag"
  previous=$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
  if ! buildah build --layers --runtime runc --network host --build-arg NODE_IMAGE="$NODE_IMAGE" "$@" -t "$tag" . \
    >"$tmp/build.log" 2>&1; then
    die "building $tag failed:
$(tail -25 "$tmp/build.log")"
  fi
  if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$tag")" ]; then
    podman rmi "$previous" >/dev/null 2>&1 || true
  fi
  log "  $tag built in $(since "$started") ($(grep -c 'Using cache' "$tmp/build.log" || true) steps from cache), $(mb "$tag")"
}
started_all=$EPOCHREALTIME
for app in order orchestrator inventory payment; do
  build "localhost/ticket-saga-$app:check" --target app --build-arg APP="$app" "$@"
done
build "localhost/ticket-saga-$DEV_APP:check-dev" --target dev --build-arg APP="$DEV_APP" "$@"
log "all images built in $(since "$started_all")"

# Each Deployment's pod and app container, as podman flags: one file of arguments per app.
[ -x "$TOOLS_BIN_DIR/helm" ] || bash scripts/install/tools.sh helm
read -r -d '' to_podman <<'JS' || true
import { parseAllDocuments } from 'yaml';
import { readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
const units = { Ki: 'k', Mi: 'm', Gi: 'g' };
for (const doc of parseAllDocuments(readFileSync(0, 'utf8'))) {
  const { kind, spec } = doc.toJS() ?? {};
  if (kind !== 'Deployment' || !spec.template.metadata.annotations?.['dapr.io/app-id']) continue;
  const pod = spec.template.spec;
  const [c] = pod.containers; // the sidecar is injected in the cluster, not rendered
  const sc = { ...pod.securityContext, ...c.securityContext };
  if (!sc.runAsNonRoot || !sc.runAsUser) throw new Error(`${c.name}: expected runAsNonRoot with a runAsUser`);
  const args = [`--user=${sc.runAsUser}:${sc.runAsGroup ?? 0}`];
  if (pod.securityContext?.fsGroup !== undefined) args.push(`--group-add=${pod.securityContext.fsGroup}`);
  // podman's --read-only would also mount its own tmpfs on /tmp, /run and /var/tmp: only the chart's mounts are writable.
  if (sc.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt=no-new-privileges');
  for (const cap of sc.capabilities?.drop ?? []) args.push(`--cap-drop=${cap}`);
  for (const cap of sc.capabilities?.add ?? []) args.push(`--cap-add=${cap}`);
  // A value from a Secret (the app's tokens) is stood in for by a fresh one, as the chart generates.
  for (const { name, value, valueFrom } of c.env ?? []) args.push(`--env=${name}=${valueFrom?.secretKeyRef ? randomBytes(24).toString('hex') : value}`);
  for (const m of c.volumeMounts ?? []) {
    if (!pod.volumes.find((v) => v.name === m.name)?.emptyDir) throw new Error(`${c.name}: only emptyDir mounts can be stood in for, not ${m.name}`);
    args.push(`--mount=type=tmpfs,destination=${m.mountPath},tmpfs-mode=0777`); // emptyDir's mode
  }
  const { memory, cpu } = c.resources?.limits ?? {};
  if (memory) args.push(`--memory=${memory.replace(/^(\d+)(Ki|Mi|Gi)$/, (_, n, u) => n + units[u])}`);
  if (cpu) args.push(`--cpus=${cpu.endsWith('m') ? parseInt(cpu) / 1000 : cpu}`);
  writeFileSync(`${process.argv[1]}/${c.name}.args`, args.join('\n') + '\n');
  writeFileSync(`${process.argv[1]}/apps`, `${c.name} ${c.ports[0].containerPort} ${c.readinessProbe.httpGet.path}\n`, { flag: 'a' });
}
JS
"$TOOLS_BIN_DIR/helm" template ticket-saga charts/ticket-saga 2>/dev/null | node --input-type=module -e "$to_podman" "$tmp"

# The orchestrator's /healthz also reports its workflow worker, which needs the Dapr sidecar's
# gRPC API; payment's reports its Kafka consumer. Without a sidecar and a broker the right answer
# from a live process is 503, as in a pod whose sidecar is not up yet. The other two answer 204.
expected() { case "$1" in orchestrator | payment) echo 503 ;; *) echo 2xx ;; esac; }

summary=()
runs_started=$EPOCHREALTIME
log "running each app image as its Deployment would, until its readiness path answers"
while read -r app port path <&3; do
  name="ticket-saga-check-$app"
  mapfile -t args <"$tmp/$app.args"
  podman rm -f --ignore "$name" >/dev/null
  containers+=("$name")
  started=$EPOCHREALTIME
  # A network namespace of its own (user-mode, port published on loopback only): a sidecar or app
  # of a local stack on this machine can neither answer for it nor receive its calls.
  podman run -d --name "$name" "${RUN_LIMITS[@]}" "${args[@]}" --network slirp4netns \
    -p "127.0.0.1::$port" "localhost/ticket-saga-$app:check" >/dev/null
  url="http://$(podman port "$name" "$port/tcp" | head -1)$path"
  want=$(expected "$app")
  deadline=$((SECONDS + DEADLINE_SECONDS))
  while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [[ "$status" == "$want" || ("$want" == 2xx && "$status" == 2??) ]] && break
    [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] ||
      die "$app exited before $path answered $want:
$(podman logs --tail 20 "$name" 2>&1)"
    [ "$SECONDS" -lt "$deadline" ] || die "$app: $path answered $status, not $want, within ${DEADLINE_SECONDS}s:
$(podman logs --tail 20 "$name" 2>&1)"
    sleep 0.2
  done
  # The security context really applies: who the process is, and where it may write.
  inside=$(podman exec "$name" sh -c 'echo "uid $(id -u) gid $(id -g) groups $(id -G | tr " " ,),"
    touch /app/.w 2>/dev/null && echo "root writable," || echo "root read-only,"
    touch /tmp/.w && echo "/tmp writable"' </dev/null | paste -sd ' ')
  log "  $app: GET $path -> $status after $(since "$started")"
  summary+=("$(printf '%-13s %-7s %-9s %s' "$app" "$(mb "localhost/ticket-saga-$app:check")" "$status" "$inside")")
done 3<"$tmp/apps"
log "all apps answered in $(since "$runs_started")"

log "app           size    /healthz  inside the container"
for line in "${summary[@]}"; do log "$line"; done
log "base $NODE_IMAGE: $(mb "$NODE_IMAGE"); dev image of $DEV_APP: $(mb "localhost/ticket-saga-$DEV_APP:check-dev")"
