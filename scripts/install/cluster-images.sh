#!/usr/bin/env bash
# A kind cluster on a machine that reaches no registry cannot pull what runs beside the apps: the
# chart's Kafka, Zipkin and Redis, the Node.js base image the app images are built from, and the
# helper pod kind's storage provisioner starts for every volume. This builds them here, under the
# very names the chart, the Dockerfile and kind ask for, so that nothing else changes for such a
# machine, from what it already has or can fetch: the Kafka in the cache (scripts/install/kafka.sh),
# Maven Central, Debian's packages, and its own Java, Node.js and static busybox. Each image is run
# the way the chart runs it before it is saved, as a docker archive for `kind load image-archive`,
# in $CACHE_DIR/images/cluster; an archive is named by its tag and kept, so a second run takes a
# second, and a new version in values.yaml, common.sh, the Dockerfile or kind builds that image again.
#
# Where the images differ from the published ones: Redis is Debian's (redis-server and redis-tools,
# 7.0.x in bookworm) under the name of the chart's 7.4.2, as Redis's own builds cannot be fetched
# here; every option the chart passes is 7.0's too. Kafka and Zipkin run on this machine's OpenJDK, and
# Kafka's command-line tools are those a developer reaches for (storage, topics, console producer
# and consumer, consumer groups, metadata quorum), started by scripts of this project. Needs root.
set -euo pipefail
LOG_TAG=cluster-images
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/images.sh"

[ "$(id -u)" = 0 ] || die "run as root: it writes podman's store and runs each image to check it"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
values="$repo/charts/ticket-saga/values.yaml"
out="$CACHE_DIR/images/cluster"
build="$CACHE_DIR/build/cluster-images"
need go "The storage helper's name is read from kind's Go module: install Go."
need node "The node image is this machine's Node.js: install Node.js 20."

# --- Which images, under which names: read where they are decided, not repeated here.
chart_value() { # <dotted path>: a scalar of values.yaml (indented by two spaces a level, as the file is)
  awk -v path="$1" '
    BEGIN { n = split(path, keys, "."); depth = 1 }
    /^[[:space:]]*(#|$)/ { next }
    {
      match($0, /^ */)
      if (RLENGTH / 2 < depth - 1) exit
      if (RLENGTH / 2 == depth - 1 && $1 == keys[depth] ":") {
        if (depth == n) { print $2; exit }
        depth++
      }
    }' "$values" | tr -d "\"'"
}
kafka_ref=$(upstream "values.yaml kafka.image" "$(chart_value kafka.image)")
zipkin_ref=$(upstream "values.yaml tracing.zipkinImage" "$(chart_value tracing.zipkinImage)")
redis_ref=$(upstream "values.yaml redis.image" "$(chart_value redis.image)")
# The Dockerfile pins a digest, which only a registry can serve; builds here pass the tag.
node_ref=$(upstream "the Dockerfile's NODE_IMAGE" "$(sed -n 's/^ARG NODE_IMAGE=\([^@]*\).*/\1/p' "$repo/Dockerfile")")
kind_dir=$(go mod download -json "sigs.k8s.io/kind@v$KIND_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p') ||
  die "go mod download sigs.k8s.io/kind@v$KIND_VERSION failed (GOPROXY=$(go env GOPROXY))"
helper_ref=$(upstream "kind $KIND_VERSION's pkg/build/nodeimage/const_storage.go" \
  "$(sed -n 's/^const storageHelperImage = "\(.*\)"$/\1/p' "$kind_dir/pkg/build/nodeimage/const_storage.go" 2>/dev/null)")
[ "${kafka_ref##*:}" = "$KAFKA_VERSION" ] ||
  die "values.yaml asks for $kafka_ref but common.sh pins Kafka $KAFKA_VERSION: the image would not hold what its name says"
zipkin_version="${zipkin_ref##*:}"
node_version=$(node -p process.versions.node)

archive() { # <reference> [<what is inside, when the tag does not say>]: its archive, named by its tag
  local name="${1##*/}"
  echo "$out/${name%%:*}-${name#*:}${2:+-$2}.tar"
}
# The node image is this machine's Node.js under a tag that names only the major version: its
# archive is named by both, so that another Node.js makes another archive.
node_archive=$(archive "$node_ref" "node$node_version")
declare -A refs=([helper]="$helper_ref" [kafka]="$kafka_ref" [zipkin]="$zipkin_ref" [redis]="$redis_ref" [node]="$node_ref")
declare -A archives=([helper]=$(archive "$helper_ref") [kafka]=$(archive "$kafka_ref") [zipkin]=$(archive "$zipkin_ref")
  [redis]=$(archive "$redis_ref") [node]="$node_archive")
wanted=()
for name in helper kafka zipkin redis node; do [ -f "${archives[$name]}" ] || wanted+=("$name"); done
if [ "${#wanted[@]}" = 0 ]; then
  log "cluster images found in $out"
  exit 0
fi
log "building ${wanted[*]} into $out"

bash "$here/containers.sh" >/dev/null
mkdir -p "$out"
container="" checks=()
cleanup() {
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  local c
  for c in "${checks[@]}"; do podman "${PODMAN_FLAGS[@]}" rm -f "$c" >/dev/null 2>&1 || true; done
  rm -rf "$build"
}
trap cleanup EXIT
rm -rf "$build" && mkdir -p "$build"

# --- Building blocks.
start() { # <base image or scratch> <root filesystem>: a working container, the files copied over it as they are
  container=$(buildah from --pull=never "$1")
  # A mount and cp -a, not buildah copy, which would make every file root's (Kafka's data folder is uid 1000's).
  cp -a "$2/." "$(buildah mount "$container")/"
  buildah umount "$container" >/dev/null
}
commit() { # <reference>: the working container as that image, in place of the one it replaces
  local old
  old=$(podman image inspect --format '{{.Id}}' "$1" 2>/dev/null || true)
  buildah commit -q --rm "$container" "$1" >/dev/null
  container=""
  # Untagged, it would stay in the store for good; podman keeps it while another image builds on it.
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
}
# The libraries the files load, copied from this machine to the paths ldd reports, where the loader
# finds them with no ld.so.cache; those the root filesystem already holds are left as they are.
copy_libraries() { # <root filesystem> <file>...
  local rootfs="$1" lib
  shift
  for lib in $(LD_LIBRARY_PATH="$rootfs/usr/lib/x86_64-linux-gnu" ldd "$@" 2>/dev/null |
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(/ { print $1 }' | sort -u); do
    case "$lib" in "$rootfs"/*) continue ;; esac
    [ -e "$rootfs$lib" ] || cp -L --parents "$lib" "$rootfs/"
  done
}
users() { # <root filesystem> <name:uid>...: /etc/passwd and /etc/group with root, nobody and these
  local rootfs="$1" user
  shift
  mkdir -p "$rootfs/etc"
  printf 'root:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\n' >"$rootfs/etc/group"
  for user in "$@"; do
    printf '%s:x:%s:%s::/home/%s:/bin/sh\n' "${user%:*}" "${user#*:}" "${user#*:}" "${user%:*}" >>"$rootfs/etc/passwd"
    printf '%s:x:%s:\n' "${user%:*}" "${user#*:}" >>"$rootfs/etc/group"
  done
  printf 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >>"$rootfs/etc/passwd"
  printf 'nogroup:x:65534:\n' >>"$rootfs/etc/group"
}
maven() { # <groupId:artifactId:version[:packaging:classifier]> <directory>: one artifact, no dependencies
  mkdir -p "$2"
  # Through Maven, as scripts/install/kafka.sh: it honours the machine's settings.xml (mirrors,
  # proxies) and keeps the artifact in ~/.m2, so a rebuild downloads nothing.
  (cd "$build" && mvn -B -Dstyle.color=never dependency:copy -Dartifact="$1" -DoutputDirectory="$2") >"$build/maven.log" 2>&1 ||
    die "Maven could not fetch $1:
$(grep -E 'ERROR' "$build/maven.log" | head -5)"
}

# --- Checks: each image run as the chart runs it (its user, no capabilities, its environment), with
# no network, so that nothing collides with a stack or cluster that uses this machine's ports.
in_check() { # <container> <seconds> <shell command>: the command run in the container, bounded
  timeout "$2" podman "${PODMAN_FLAGS[@]}" exec "$1" sh -c "$3"
}
poll() { # <container> <seconds> <shell command>: until the command succeeds in it; fails once the container has stopped or time is up
  local deadline=$((SECONDS + $2))
  until in_check "$1" 60 "$3" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] && [ "$(podman inspect --format '{{.State.Running}}' "$1" 2>/dev/null)" = true ] || return 1
    sleep 1
  done
}
stop_check() { # <container>: stopped as Kubernetes stops a pod (SIGTERM, then SIGKILL after a grace period); fails if killed
  podman "${PODMAN_FLAGS[@]}" stop -t 60 "$1" >/dev/null 2>&1 &&
    [ "$(podman inspect --format '{{.State.ExitCode}}' "$1")" != 137 ] &&
    podman "${PODMAN_FLAGS[@]}" rm "$1" >/dev/null
}

# The base images below are kept in podman's store, labelled with what they were made from, and
# reused: images built on another run then share their layers, which the node stores once.
reusable() { # <image> <recipe>
  [ "$(podman image inspect --format '{{index .Labels "ticket-saga.recipe"}}' "$1" 2>/dev/null)" = "$2" ]
}

# --- busybox: kind's storage helper, and /bin/sh with the usual commands in every image below.
if wants helper || wants kafka || wants zipkin || wants redis; then
  started=$SECONDS
  busybox_bin=$(readlink -f "$(command -v busybox)")
  ! ldd "$busybox_bin" >/dev/null 2>&1 || die "$busybox_bin is not statically linked: apt-get install busybox-static"
  busybox_image="localhost/ticket-saga-busybox:$("$busybox_bin" | sed -n '1s/^BusyBox v\([0-9.]*\).*/\1/p')"
  recipe=$(cat "$0" "$busybox_bin" | sha256sum | cut -c1-16)
  if reusable "$busybox_image" "$recipe"; then
    log "busybox: $busybox_image found"
  else
    log "busybox: $busybox_image from $busybox_bin"
    rootfs="$build/busybox"
    mkdir -p "$rootfs"/{bin,tmp,root}
    cp "$busybox_bin" "$rootfs/bin/busybox"
    "$busybox_bin" --list-full | while read -r applet; do
      [ -e "$rootfs/$applet" ] && continue
      mkdir -p "$rootfs/$(dirname "$applet")"
      ln -s /bin/busybox "$rootfs/$applet"
    done
    users "$rootfs"
    chmod 1777 "$rootfs/tmp"
    chmod 700 "$rootfs/root"
    start scratch "$rootfs"
    buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --label ticket-saga.recipe="$recipe" \
      --label org.opencontainers.image.description="static busybox $busybox_bin of this machine" "$container"
    commit "$busybox_image"
  fi
fi

if wants helper; then
  # The provisioner's helper pods run `sh -c` scripts that make and remove the volumes' folders.
  container=$(buildah from --pull=never "$busybox_image")
  buildah config --cmd sh "$container"
  commit "$helper_ref"
  log "checking $helper_ref: sh -c 'mkdir -p /x && echo ok'"
  answer=$(podman "${PODMAN_FLAGS[@]}" run --rm "${RUN_LIMITS[@]}" --network none "$helper_ref" sh -c 'mkdir -p /x && echo ok' 2>&1) || true
  [ "$answer" = ok ] || { podman rmi -f "$helper_ref" >/dev/null 2>&1; die "$helper_ref did not run sh -c (it said: $answer); removed it"; }
  save helper "$started"
fi

# --- Java: this machine's runtime, shared by the Kafka and Zipkin images as one layer.
if wants kafka || wants zipkin; then
  need java "Kafka and Zipkin run on this machine's Java: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)."
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  java_settings=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1)
  java_version=$(sed -n 's/^ *java.version = //p' <<<"$java_settings")
  [ "${java_version%%.*}" -ge 17 ] 2>/dev/null || die "Kafka $KAFKA_VERSION and Zipkin $zipkin_version need Java 17+, found '$java_version' in $java_home"
  jre_image="localhost/ticket-saga-jre:$java_version"
  recipe=$( (cat "$0"; echo "$busybox_image $java_home"; sed -n 's/^ *java.runtime.version = //p' <<<"$java_settings") | sha256sum | cut -c1-16)
  if reusable "$jre_image" "$recipe"; then
    log "java: $jre_image found"
  else
    log "java: $jre_image from $java_home"
    rootfs="$build/jre"
    mkdir -p "$rootfs/opt/java/openjdk"
    jre_files=(bin/java bin/keytool conf lib release)
    # jcmd (thread dumps, heap histograms of a running broker) where the machine has a JDK.
    [ ! -x "$java_home/bin/jcmd" ] || jre_files+=(bin/jcmd)
    # Links dereferenced: Debian's runtime keeps its configuration and CA store in /etc. Left out: what
    # only compiles (ct.sym, the sources) and the desktop's libraries (X11, sound, fonts, images, smart
    # cards), which a server never loads and whose dependencies would double the image.
    tar -C "$java_home" -ch --exclude=lib/src.zip --exclude=lib/ct.sym --exclude=lib/libawt_xawt.so --exclude=lib/libjawt.so \
      --exclude=lib/libsplashscreen.so --exclude=lib/libatk-wrapper.so --exclude=lib/libjsound.so --exclude=lib/libfontmanager.so \
      --exclude=lib/libjavajpeg.so --exclude=lib/liblcms.so --exclude=lib/libj2pcsc.so \
      "${jre_files[@]}" | tar -C "$rootfs/opt/java/openjdk" -x
    [ -s "$rootfs/opt/java/openjdk/lib/security/cacerts" ] || die "$java_home/lib/security/cacerts is missing: apt-get install ca-certificates-java"
    mapfile -t elves < <(find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -perm -u+x \))
    copy_libraries "$rootfs" "${elves[@]}"
    start "$busybox_image" "$rootfs"
    buildah config --env JAVA_HOME=/opt/java/openjdk \
      --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --label ticket-saga.recipe="$recipe" \
      --label org.opencontainers.image.description="Java $java_version of this machine ($java_home)" "$container"
    commit "$jre_image"
  fi
fi

# --- Kafka: a single KRaft node configured by KAFKA_* variables, as charts/ticket-saga/templates/kafka.yaml runs it.
if wants kafka; then
  started=$SECONDS
  bash "$here/kafka.sh"
  need mvn "Install Maven (Debian: apt-get install maven): Kafka's command-line tools come from Maven Central."
  log "kafka: $KAFKA_HOME, and the command-line tools' jar (org.apache.kafka:kafka-tools:$KAFKA_VERSION) from Maven"
  rootfs="$build/kafka"
  kafka="$rootfs/opt/kafka"
  # The broker's closure lacks the tools module, where kafka-topics and most other tools now live;
  # what they need besides is in it.
  maven "org.apache.kafka:kafka-tools:$KAFKA_VERSION" "$kafka/libs"
  cp -a "$KAFKA_HOME/libs/." "$kafka/libs/"
  mkdir -p "$kafka/bin" "$kafka/config" "$rootfs/var/lib/kafka/data" "$rootfs/home/appuser"
  cp "$KAFKA_HOME/config/log4j.properties" "$kafka/config/"
  # What runs with no KAFKA_* variable at all: one broker and controller for clients on localhost.
  cat >"$kafka/config/server.properties" <<'EOF'
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://:9092,CONTROLLER://:9093
advertised.listeners=PLAINTEXT://localhost:9092
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
controller.quorum.voters=1@localhost:9093
log.dirs=/var/lib/kafka/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
EOF
  cat >"$kafka/bin/kafka-run-class.sh" <<'EOF'
#!/bin/sh
# kafka-run-class.sh <main class> [arguments]: a JVM with Kafka's jars, tuned by the variables
# Kafka's own launcher reads, so that the chart's KAFKA_HEAP_OPTS (and KAFKA_OPTS) apply.
# The options are split into words on purpose: each variable holds several.
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xmx256M} \
  ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true} \
  ${KAFKA_LOG4J_OPTS:--Dlog4j.configuration=file:/opt/kafka/config/log4j.properties} ${KAFKA_OPTS:-} \
  -cp '/opt/kafka/libs/*' "$@"
EOF
  cat >"$kafka/bin/kafka-server-start.sh" <<'EOF'
#!/bin/sh
# kafka-server-start.sh <server.properties>: the broker; a 1 GB heap unless KAFKA_HEAP_OPTS says otherwise.
export KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G}"
exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
EOF
  for tool in kafka-storage.sh:kafka.tools.StorageTool kafka-topics.sh:org.apache.kafka.tools.TopicCommand \
    kafka-console-producer.sh:kafka.tools.ConsoleProducer kafka-console-consumer.sh:org.apache.kafka.tools.consumer.ConsoleConsumer \
    kafka-consumer-groups.sh:org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
    kafka-metadata-quorum.sh:org.apache.kafka.tools.MetadataQuorumCommand; do
    printf '#!/bin/sh\nexec /opt/kafka/bin/kafka-run-class.sh %s "$@"\n' "${tool#*:}" >"$kafka/bin/${tool%%:*}"
  done
  cat >"$kafka/bin/kafka-container-start.sh" <<'EOF'
#!/bin/sh
# The image's command. Every KAFKA_<NAME> variable is the broker property <name>: lower case, '_'
# read as '.', '__' as '_' and '___' as '-' (KAFKA_LOG_DIRS -> log.dirs), the convention of Kafka's
# own image, which the chart is written for. Not properties: the launcher's options, and what
# Kubernetes defines for a Service named kafka (KAFKA_PORT, KAFKA_SERVICE_HOST, ...). With no
# property at all, config/server.properties: one node for clients on localhost. CLUSTER_ID, when
# set, is the id new log directories are formatted with.
# The log directories are formatted on the first start only: they live on a persistent volume,
# and formatting them again would give them another cluster id and lose their topics.
set -eu
conf=/tmp/kafka/server.properties
mkdir -p /tmp/kafka
: >"$conf"
for name in $(env | sed -n 's/^\(KAFKA_[A-Za-z0-9_]*\)=.*/\1/p' | sort -u); do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_JVM_PERFORMANCE_OPTS | KAFKA_LOG4J_OPTS | KAFKA_OPTS) continue ;;
    KAFKA_PORT | KAFKA_PORT_* | KAFKA_SERVICE_*) continue ;;
  esac
  key=$(printf '%s' "${name#KAFKA_}" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
  # The name is a plain identifier (the pattern above), so eval reads the variable and nothing else.
  value=""
  eval "value=\${$name}"
  # Backslashes doubled: a properties file reads them as escapes, and the value must arrive as set.
  printf '%s=%s\n' "$key" "$(printf '%s' "$value" | sed 's/\\/\\\\/g')" >>"$conf"
done
[ -s "$conf" ] || cp /opt/kafka/config/server.properties "$conf"

property() { sed -n "s/^$1=//p" "$conf" | tail -n 1; }
dirs=$(property 'log\.dirs')
[ -n "$dirs" ] || dirs=$(property 'log\.dir')
[ -n "$dirs" ] || dirs=/tmp/kafka-logs
cluster=${CLUSTER_ID:-}
unformatted=""
for dir in $(echo "$dirs,$(property 'metadata\.log\.dir')" | tr ',' ' '); do
  if [ -f "$dir/meta.properties" ]; then
    [ -n "$cluster" ] || cluster=$(sed -n 's/^cluster\.id=//p' "$dir/meta.properties")
  else
    unformatted="$unformatted $dir"
  fi
done
if [ -n "$unformatted" ]; then
  # A directory added to formatted ones joins their cluster.
  [ -n "$cluster" ] || cluster=$(/opt/kafka/bin/kafka-storage.sh random-uuid)
  echo "kafka: formatting$unformatted for cluster $cluster"
  /opt/kafka/bin/kafka-storage.sh format --ignore-formatted --cluster-id "$cluster" --config "$conf"
else
  echo "kafka: $dirs already formatted, cluster $cluster"
fi
exec /opt/kafka/bin/kafka-server-start.sh "$conf"
EOF
  chmod 0755 "$kafka"/bin/*
  users "$rootfs" appuser:1000
  chown 1000:1000 "$rootfs/var/lib/kafka/data" "$rootfs/home/appuser"
  start "$jre_image" "$rootfs"
  # A numeric user: Kubernetes checks runAsNonRoot only against numbers.
  buildah config --user 1000:1000 --workingdir /home/appuser --port 9092 --port 9093 \
    --env PATH=/opt/kafka/bin:/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd '["/opt/kafka/bin/kafka-container-start.sh"]' \
    --label org.opencontainers.image.description="Apache Kafka $KAFKA_VERSION (Maven Central) on Java $java_version of this machine" "$container"
  commit "$kafka_ref"

  log "checking $kafka_ref: the chart's environment, a topic made, written and read, a restart on the same volume"
  data="$build/kafka-data"
  mkdir -p "$data" && chown 1000:1000 "$data"
  # As the chart sets them, but for the advertised listener: clients here are on localhost.
  kafka_env=(-e KAFKA_NODE_ID=1 -e 'KAFKA_PROCESS_ROLES=broker,controller' -e 'KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093'
    -e KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://localhost:9092 -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER
    -e 'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT' -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093
    -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1
    -e KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 -e KAFKA_LOG_DIRS=/var/lib/kafka/data)
  partitions=$(chart_value kafka.partitions) heap=$(chart_value kafka.heap)
  [ -z "$partitions" ] || kafka_env+=(-e "KAFKA_NUM_PARTITIONS=$partitions")
  [ -z "$heap" ] || kafka_env+=(-e "KAFKA_HEAP_OPTS=-Xmx$heap -Xms$heap")
  c="cluster-images-kafka-$$"
  t=$SECONDS
  run_check "$c" --user 1000:1000 -v "$data:/var/lib/kafka/data" "${kafka_env[@]}" "$kafka_ref"
  poll "$c" 120 'netstat -ltn | grep -q ":9092 "' || check_failed "$c" kafka "did not listen on 9092 within 120 s"
  log "  listening after $((SECONDS - t)) s; kafka-topics.sh --create, --list, a message written and read back"
  in_check "$c" 90 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic cluster-images-check --partitions 3' >/dev/null 2>&1 ||
    check_failed "$c" kafka "could not create a topic"
  in_check "$c" 90 'kafka-topics.sh --bootstrap-server localhost:9092 --list' 2>/dev/null | grep -x cluster-images-check >/dev/null ||
    check_failed "$c" kafka "did not list the topic it made"
  in_check "$c" 90 'echo checked | kafka-console-producer.sh --bootstrap-server localhost:9092 --topic cluster-images-check' >/dev/null 2>&1 ||
    check_failed "$c" kafka "could not take a message"
  read_back='kafka-console-consumer.sh --bootstrap-server localhost:9092 --topic cluster-images-check --from-beginning --max-messages 1 --timeout-ms 60000'
  in_check "$c" 90 "$read_back" 2>/dev/null | grep -x checked >/dev/null || check_failed "$c" kafka "did not give back the message written"
  stop_check "$c" || check_failed "$c" kafka "did not end on SIGTERM within 60 s"
  t=$SECONDS
  run_check "$c" --user 1000:1000 -v "$data:/var/lib/kafka/data" "${kafka_env[@]}" "$kafka_ref"
  poll "$c" 120 'netstat -ltn | grep -q ":9092 "' || check_failed "$c" kafka "did not start again on its formatted volume"
  podman "${PODMAN_FLAGS[@]}" logs "$c" 2>&1 | grep 'already formatted' >/dev/null || check_failed "$c" kafka "formatted its volume again"
  in_check "$c" 90 "$read_back" 2>/dev/null | grep -x checked >/dev/null || check_failed "$c" kafka "lost the message over a restart"
  log "  restarted on the same volume: listening after $((SECONDS - t)) s, not formatted again, the message still there"
  stop_check "$c" || check_failed "$c" kafka "did not end on SIGTERM within 60 s"
  save kafka "$started"
fi

# --- Zipkin: the server's executable jar, on the same Java.
if wants zipkin; then
  started=$SECONDS
  need mvn "Install Maven (Debian: apt-get install maven): Zipkin's server comes from Maven Central."
  log "zipkin: io.zipkin:zipkin-server:$zipkin_version (the exec jar, 85 MB) from Maven"
  rootfs="$build/zipkin"
  maven "io.zipkin:zipkin-server:$zipkin_version:jar:exec" "$build/zipkin-jar"
  mkdir -p "$rootfs/zipkin" "$rootfs/usr/local/bin"
  mv "$build/zipkin-jar/zipkin-server-$zipkin_version-exec.jar" "$rootfs/zipkin/zipkin.jar"
  cat >"$rootfs/usr/local/bin/start-zipkin" <<'EOF'
#!/bin/sh
# The image's entrypoint: Zipkin, with the JVM options of JAVA_OPTS (several, split into words);
# the server reads its own settings (STORAGE_TYPE, MEM_MAX_SPANS, QUERY_PORT, ...) from the environment.
# shellcheck disable=SC2086
exec java $JAVA_OPTS -jar /zipkin/zipkin.jar "$@"
EOF
  chmod 0755 "$rootfs/usr/local/bin/start-zipkin"
  users "$rootfs" zipkin:1000
  start "$jre_image" "$rootfs"
  # A heap that outgrows the container should end the process, for Kubernetes to restart it.
  buildah config --user 1000:1000 --workingdir /zipkin --port 9411 --entrypoint '["start-zipkin"]' \
    --env 'JAVA_OPTS=-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError' \
    --label org.opencontainers.image.description="Zipkin $zipkin_version (io.zipkin:zipkin-server, Maven Central) on Java $java_version of this machine" "$container"
  commit "$zipkin_ref"

  log "checking $zipkin_ref: /health, then a span posted to /api/v2/spans comes back from /api/v2/traces"
  c="cluster-images-zipkin-$$"
  zipkin_env=(-e STORAGE_TYPE=mem)
  spans=$(chart_value tracing.zipkin.maxSpans) heap=$(chart_value tracing.zipkin.heap)
  [ -z "$spans" ] || zipkin_env+=(-e "MEM_MAX_SPANS=$spans")
  [ -z "$heap" ] || zipkin_env+=(-e "JAVA_OPTS=-Xms$heap -Xmx$heap -XX:+ExitOnOutOfMemoryError")
  t=$SECONDS
  run_check "$c" --user 10001 "${zipkin_env[@]}" "$zipkin_ref"
  poll "$c" 120 'wget -q -O /dev/null http://127.0.0.1:9411/health' || check_failed "$c" zipkin "did not answer /health within 120 s"
  log "  /health answered after $((SECONDS - t)) s"
  span='[{"traceId":"c1a5e1a9e5c7ec4e","id":"c1a5e1a9e5c7ec4e","name":"check","timestamp":'"$(date +%s)"'000000,"duration":1000,"localEndpoint":{"serviceName":"cluster-images"}}]'
  in_check "$c" 30 "wget -q -O /dev/null --header 'Content-Type: application/json' --post-data '$span' http://127.0.0.1:9411/api/v2/spans" ||
    check_failed "$c" zipkin "refused a span"
  poll "$c" 30 "wget -q -O - 'http://127.0.0.1:9411/api/v2/traces?serviceName=cluster-images' | grep -q c1a5e1a9e5c7ec4e" ||
    check_failed "$c" zipkin "did not return the span it took"
  stop_check "$c" || check_failed "$c" zipkin "did not end on SIGTERM within 60 s"
  save zipkin "$started"
fi

# --- Redis: Debian's, started as the official image starts it.
if wants redis; then
  started=$SECONDS
  log "redis: Debian's redis-server and redis-tools, extracted (nothing is installed on this machine)"
  rootfs="$build/redis"
  mkdir -p "$build/debs" "$rootfs/data" "$rootfs/usr/local/bin"
  # With the libraries redis needs that this machine lacks; those it has are copied below.
  apt-cache show redis-tools >/dev/null 2>&1 || apt-get update -q | progress_every 5 "package lists read" || die "apt-get update failed"
  debs=(redis-server redis-tools)
  for dep in $(apt-cache depends redis-tools 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^lib/ { print $2 }'); do
    [ "$(dpkg-query -W -f '${db:Status-Status}' "$dep" 2>/dev/null)" = installed ] || debs+=("$dep")
  done
  # As root, not apt's sandbox user, which may not write in the cache.
  (cd "$build/debs" && apt-get -q -o APT::Sandbox::User=root download "${debs[@]}") >"$build/apt.log" 2>&1 ||
    die "apt-get download ${debs[*]} failed (apt-get update first?):
$(tail -5 "$build/apt.log")"
  for deb in "$build"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
  redis_version=$(dpkg-deb -f "$build"/debs/redis-tools_*.deb Version)
  # Only the programs: Debian's service files, and its redis.conf (a daemon logging to /var/log).
  rm -rf "${rootfs:?}"/etc/{default,init.d,logrotate.d,redis} "${rootfs:?}/lib/systemd" "${rootfs:?}/usr/share"
  for program in redis-server redis-cli; do
    [ -x "$rootfs/usr/bin/$program" ] || die "Debian's redis $redis_version has no /usr/bin/$program"
  done
  copy_libraries "$rootfs" "$rootfs"/usr/bin/redis-*
  cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# The image's entrypoint. As with the official image, arguments that are options (or a .conf file)
# are redis-server's: the chart passes only options. The data files are readable by redis's user
# alone, unless the container was given a umask other than the default.
case "${1:-}" in -* | *.conf) set -- redis-server "$@" ;; esac
[ "$(umask)" != 0022 ] || umask 0077
exec "$@"
EOF
  chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
  users "$rootfs" redis:999
  chown 999:999 "$rootfs/data"
  start "$busybox_image" "$rootfs"
  buildah config --user 999:999 --workingdir /data --port 6379 --entrypoint '["docker-entrypoint.sh"]' --cmd '["redis-server"]' \
    --label org.opencontainers.image.description="Debian's redis $redis_version (redis-server, redis-tools), not Redis ${redis_ref##*:}" "$container"
  commit "$redis_ref"

  log "checking $redis_ref: the chart's arguments, uid 999, a read-only root and a writable /data"
  c="cluster-images-redis-$$"
  redis_args=(--appendonly yes --save 60 1 --requirepass x)
  maxmemory=$(chart_value redis.maxmemory)
  [ -z "$maxmemory" ] || redis_args+=(--maxmemory "$maxmemory" --maxmemory-policy noeviction)
  # A folder of this machine's for the volume: podman gives a tmpfs over the image's /data that
  # folder's mode but not its owner.
  mkdir -p "$build/redis-data" && chown 999:999 "$build/redis-data"
  run_check "$c" --user 999:999 --read-only --read-only-tmpfs=false -v "$build/redis-data:/data" -e REDISCLI_AUTH=x "$redis_ref" "${redis_args[@]}"
  poll "$c" 30 'redis-cli --no-auth-warning -a x ping | grep -qx PONG' || check_failed "$c" redis "did not answer redis-cli -a x ping"
  in_check "$c" 30 'redis-cli ping | grep -qx PONG && redis-cli set checked yes | grep -qx OK && ls /data/appendonlydir/ | grep -q aof' ||
    check_failed "$c" redis "did not take a write into /data, with the password from REDISCLI_AUTH as the chart's probe has it"
  stop_check "$c" || check_failed "$c" redis "did not end on SIGTERM within 60 s"
  save redis "$started"
fi

# --- node: the base image built by scripts/install/containers.sh, under the name the Dockerfile uses.
if wants node; then
  started=$SECONDS
  buildah tag "localhost/ticket-saga-node:$node_version" "$node_ref"
  log "checking $node_ref (localhost/ticket-saga-node:$node_version): node -v as uid 1000 on a read-only root"
  answer=$(podman "${PODMAN_FLAGS[@]}" run --rm "${RUN_LIMITS[@]}" --network none --user 1000:1000 --read-only --read-only-tmpfs=false \
    --cap-drop ALL "$node_ref" node -v 2>&1) || true
  [ "$answer" = "v$node_version" ] || die "$node_ref did not run node -v (it said: $answer)"
  save node "$started"
  # The archives of other Node.js versions carry the same name: loaded too, either could win.
  find "$out" -maxdepth 1 -name "$(basename "$(archive "$node_ref" node)" .tar)*.tar" ! -name "$(basename "$node_archive")" -delete
fi
log "done: ${#wanted[@]} built into $out"
