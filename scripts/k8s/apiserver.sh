#!/usr/bin/env bash
# A real Kubernetes API server for offline checks: etcd, kube-apiserver and kube-controller-manager
# as local processes on loopback, no kubelet, no nodes, no containers. Objects are validated,
# defaulted, stored and sent through admission webhooks as in a cluster; pods are created but
# never scheduled nor run.
#   start  builds the binaries if needed (scripts/install/kube-apiserver.sh), starts them, waits for
#          /readyz and prints the kubeconfig path (context kind-ticket-saga, the one the Tiltfile accepts)
#   stop   stops them (nothing happens if they are not running); the data stays for the next start
#   reset  stops them and deletes the data
#   env    prints the exports for `eval "$(scripts/k8s/apiserver.sh env)"`: KUBECONFIG and kubectl on PATH
set -euo pipefail
LOG_TAG=apiserver
root="$(cd "$(dirname "$0")/../.." && pwd)"
. "$root/scripts/lib/common.sh"

RUN_DIR="$root/.run/k8s/apiserver"
PKI="$RUN_DIR/pki"
KUBECONFIG_FILE="$RUN_DIR/kubeconfig"
# Clear of the local stack's ports (3500-3510, 6050-6060, 8080-8083, 9092, 50001-50010).
ETCD_PORT=23790 ETCD_PEER_PORT=23800 APISERVER_PORT=16443
APISERVER_URL="https://127.0.0.1:$APISERVER_PORT"
# kind's default, so that Service ClusterIPs look the same as in the kind cluster.
SERVICE_CIDR=10.96.0.0/16

# In the order they are stopped.
COMPONENTS=(kube-controller-manager kube-apiserver etcd)

# Running, and still the process we started (a stale pid file may name an unrelated process by now).
alive() {
  [ -f "$RUN_DIR/$1.pid" ] && [[ "$(ps -p "$(cat "$RUN_DIR/$1.pid")" -o args= 2>/dev/null)" == "$K8S_BIN_DIR/$1 "* ]]
}

ready() {
  [ "$(curl -sf --max-time 2 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "$APISERVER_URL/readyz" 2>/dev/null)" = ok ]
}

stop_one() {
  local name="$1" pid deadline
  alive "$name" || { rm -f "$RUN_DIR/$name.pid"; return 0; }
  pid=$(cat "$RUN_DIR/$name.pid")
  kill "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { log "$name did not stop in 20 s, killing it"; kill -9 "$pid" 2>/dev/null || true; }
    sleep 0.2
  done
  rm -f "$RUN_DIR/$name.pid"
  log "$name stopped"
}

stop() {
  local c
  for c in "${COMPONENTS[@]}"; do stop_one "$c"; done
}

# Starts $1 in the background, its output in $1.log, its pid in $1.pid.
launch() {
  local name="$1"
  shift
  nohup "$@" >"$RUN_DIR/$name.log" 2>&1 &
  echo $! >"$RUN_DIR/$name.pid"
  # alive() knows the process by its command line, which it has only once nohup has exec'd it: on a
  # busy machine, a check in between would take it for dead and stop everything.
  local pid=$! deadline=$((SECONDS + 10))
  until alive "$name" || ! kill -0 "$pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; do sleep 0.05; done
}

# Polls $2 (a command) until it succeeds. If $1 exits or the deadline passes, stops what was started
# and dies with the tail of $1's log.
wait_for() {
  local name="$1" check="$2" deadline=$((SECONDS + 120)) problem
  until $check; do
    if ! alive "$name"; then
      problem="exited"
    elif [ $SECONDS -ge $deadline ]; then
      problem="was not ready after 120 s"
    else
      sleep 0.5
      continue
    fi
    stop
    die "$name $problem; the end of $RUN_DIR/$name.log:
$(tail -20 "$RUN_DIR/$name.log")"
  done
}

# A certificate signed by the local CA: $1 file name, $2 subject, $3 extensions.
issue() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -subj "$2" -keyout "$PKI/$1.key" -out "$PKI/$1.crt" \
    -config <(printf '[req]\ndistinguished_name=dn\n[dn]\n[ext]\nbasicConstraints=critical,CA:FALSE\n%s\n' "$3") \
    -extensions ext 2>/dev/null
}

# Made once and kept with the data, so that a kubeconfig handed out earlier stays valid.
pki() {
  [ -f "$PKI/sa.pub" ] && return
  need openssl "Install openssl (apt-get install openssl): it makes the API server's certificates."
  rm -rf "$PKI" && mkdir -p "$PKI"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj /CN=ticket-saga-ca -keyout "$PKI/ca.key" -out "$PKI/ca.crt" 2>/dev/null
  # 10.96.0.1 and the kubernetes.default names are how in-cluster clients address the API server.
  issue apiserver /CN=kube-apiserver "extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  # system:masters is authorized for everything by the API server itself, before RBAC is consulted.
  issue admin "/O=system:masters/CN=kubernetes-admin" extendedKeyUsage=clientAuth
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$PKI/sa.key"
  openssl ec -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
}

has_default_service_account() {
  "$K8S_BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE" get serviceaccount default -n default >/dev/null 2>&1
}

kubeconfig() {
  local k=("$K8S_BIN_DIR/kubectl" --kubeconfig "$KUBECONFIG_FILE.partial" config)
  rm -f "$KUBECONFIG_FILE.partial"
  "${k[@]}" set-cluster kind-ticket-saga --server "$APISERVER_URL" --certificate-authority "$PKI/ca.crt" --embed-certs >/dev/null
  "${k[@]}" set-credentials kind-ticket-saga --client-certificate "$PKI/admin.crt" --client-key "$PKI/admin.key" --embed-certs >/dev/null
  "${k[@]}" set-context kind-ticket-saga --cluster kind-ticket-saga --user kind-ticket-saga >/dev/null
  "${k[@]}" use-context kind-ticket-saga >/dev/null
  mv "$KUBECONFIG_FILE.partial" "$KUBECONFIG_FILE"
}

start() {
  if alive etcd && alive kube-apiserver && alive kube-controller-manager && ready; then
    log "already running at $APISERVER_URL"
    echo "$KUBECONFIG_FILE"
    return
  fi
  stop
  bash "$root/scripts/install/kube-apiserver.sh"
  need curl "Install curl: it polls the API server's /readyz."
  mkdir -p "$RUN_DIR"
  pki

  log "starting etcd $ETCD_VERSION on 127.0.0.1:$ETCD_PORT"
  launch etcd "$K8S_BIN_DIR/etcd" --name apiserver --data-dir "$RUN_DIR/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "apiserver=http://127.0.0.1:$ETCD_PEER_PORT"
  wait_for etcd "curl -sf -o /dev/null --max-time 2 http://127.0.0.1:$ETCD_PORT/health"

  log "starting kube-apiserver $KUBERNETES_VERSION on $APISERVER_URL"
  # --advertise-address: without it the server looks for a host interface with a default route,
  # which a sandbox may not have. Endpoints may not hold a loopback address, so the kubernetes
  # Service gets none (--endpoint-reconciler-type none): only pods would use them, and none run.
  # --enable-aggregator-routing: webhooks (and aggregated APIs) given as a Service are called at an
  # address from the Service's Endpoints instead of its ClusterIP. With no kube-proxy, no ClusterIP
  # leads anywhere; an Endpoints object written by hand can point at a process on this machine.
  launch kube-apiserver "$K8S_BIN_DIR/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --advertise-address 127.0.0.1 --endpoint-reconciler-type none \
    --tls-cert-file "$PKI/apiserver.crt" --tls-private-key-file "$PKI/apiserver.key" \
    --client-ca-file "$PKI/ca.crt" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$PKI/sa.pub" --service-account-signing-key-file "$PKI/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC \
    --enable-admission-plugins NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
    --enable-aggregator-routing=true \
    --allow-privileged=true
  wait_for kube-apiserver ready
  kubeconfig

  # The controllers that make the API behave as in a cluster: a "default" ServiceAccount in every
  # namespace (admission refuses pods without one), Deployments that create ReplicaSets and pods,
  # namespace deletion, garbage collection. No serving port: its readiness is that ServiceAccount.
  # Its default FlexVolume folder is under /usr/libexec, which it would create.
  # Each controller acts as its own service account, as in kind and kubeadm clusters: admission
  # webhooks (Dapr's injector) see the replicaset-controller, not a cluster admin, create pods.
  # No pod ever gets an IP here, so the endpoints controllers would only empty the Endpoints that
  # point a webhook Service at a local process: they are off.
  log "starting kube-controller-manager $KUBERNETES_VERSION"
  launch kube-controller-manager "$K8S_BIN_DIR/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG_FILE" --secure-port 0 --leader-elect=false \
    --use-service-account-credentials \
    --controllers '*,-endpoints-controller,-endpointslice-controller,-endpointslice-mirroring-controller' \
    --root-ca-file "$PKI/ca.crt" --service-account-private-key-file "$PKI/sa.key" \
    --flex-volume-plugin-dir "$RUN_DIR/flexvolume"
  wait_for kube-controller-manager has_default_service_account
  log "ready at $APISERVER_URL (logs in $RUN_DIR); kubeconfig, context kind-ticket-saga:"
  echo "$KUBECONFIG_FILE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  # From an empty store: what an earlier run applied would hide an apply-order fault.
  reset)
    stop
    rm -rf "$RUN_DIR/etcd"
    ;;
  env)
    echo "export KUBECONFIG=\"$KUBECONFIG_FILE\""
    echo "export PATH=\"$K8S_BIN_DIR:\$PATH\""
    ;;
  *) die "usage: $0 start|stop|reset|env" ;;
esac
