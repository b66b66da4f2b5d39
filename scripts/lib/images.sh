# Helpers of the scripts that build the cluster's images where no registry is reachable
# (scripts/install/cluster-images.sh, go-images.sh). Source it after common.sh; the caller keeps
# `refs` and `archives` (name -> reference, archive file), `wanted`, `checks` and `out`.

upstream() { # <where it is set> <reference>: the full name a container runtime pulls for it
  [ -n "$2" ] || die "no image found in $1"
  case "$2" in
    */*) case "${2%%/*}" in *.* | *:* | localhost) echo "$2" ;; *) echo "docker.io/$2" ;; esac ;;
    *) echo "docker.io/library/$2" ;;
  esac
}
wants() { [[ " ${wanted[*]} " == *" $1 "* ]]; }
run_check() { # <container name> <podman run options>... <image> [<arguments>]: started in the background
  local name="$1"
  shift
  checks+=("$name")
  podman "${PODMAN_FLAGS[@]}" rm -f "$name" >/dev/null 2>&1 || true
  podman "${PODMAN_FLAGS[@]}" run -d --name "$name" "${RUN_LIMITS[@]}" --network none --cap-drop ALL \
    --security-opt no-new-privileges "$@" >/dev/null
}
check_failed() { # <container> <name> <what went wrong>
  local logs
  logs=$(podman "${PODMAN_FLAGS[@]}" logs --tail 25 "$1" 2>&1 | sed 's/^/    /' || true)
  podman "${PODMAN_FLAGS[@]}" rm -f "$1" >/dev/null 2>&1 || true
  podman rmi -f "${refs[$2]}" >/dev/null 2>&1 || true
  die "${refs[$2]} $3; removed it. The container's last lines:
$logs"
}
save() { # <name> <started at>: the image as a docker archive, written whole or not at all; the one it replaces removed
  local ref="${refs[$1]}" file="${archives[$1]}" name="${refs[$1]##*/}" stale
  rm -f "$file.partial"
  buildah push -q "$ref" "docker-archive:$file.partial:$ref" >/dev/null || die "buildah push $ref to $file.partial failed"
  mv "$file.partial" "$file"
  # Another build of the same tag would be loaded beside it.
  for stale in "$out/${name%%:*}-${name#*:}"*.tar; do [ "$stale" = "$file" ] || rm -f "$stale"; done
  log "  $ref: $(basename "$file"), $(du -m "$file" | cut -f1) MB, built and checked in $((SECONDS - $2)) s"
}
