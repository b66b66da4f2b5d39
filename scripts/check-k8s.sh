#!/usr/bin/env bash
# Validates the Kubernetes delivery without a cluster, in a few minutes: the chart (lint, render
# with default and non-default values, checks of the rendered objects), every rendered object and
# every file in components/ against the Kubernetes and Dapr schemas, the Tiltfile (evaluated by
# tilt itself, its resource graph checked), the scripts users run and the k6 scripts. No root, no
# container engine: the images and the cluster (kind, `tilt ci`, pods, sagas) are
# `npm run test:cluster`.
set -euo pipefail
LOG_TAG=check:k8s
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"

bash scripts/install/tools.sh
bash scripts/install/k8s-schemas.sh

log "tools: helm, tilt, k6 and kubeconform under their plain names in $TOOLS_BIN_DIR"
for tool in "helm:$HELM_VERSION" "kubeconform:$KUBECONFORM_VERSION" "tilt:$TILT_VERSION" "k6:$K6_VERSION"; do
  name=${tool%%:*} version=${tool#*:}
  [ -x "$TOOLS_BIN_DIR/$name" ] && [ "$(readlink "$TOOLS_BIN_DIR/$name")" = "$name-$version" ] ||
    die "finding 3: $TOOLS_BIN_DIR/$name is not a link to $name-$version, so the Tiltfile and helm_resource, which call '$name' by name, find no $name after \`npm run setup\`"
done
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
# The same plain names a user puts on PATH.
export PATH="$TOOLS_BIN_DIR:$PATH"
out=.run/k8s
mkdir -p "$out"
chart=charts/ticket-saga
nondefault="$chart/ci/nondefault-values.yaml"
production="$chart/values-production.yaml"

step() { log "$1"; }

step "helm lint: defaults, then non-default values"
helm lint --strict "$chart" 2>&1 | grep -v 'found symbolic link' >&2
helm lint --strict "$chart" -f "$nondefault" 2>&1 | grep -v 'found symbolic link' >&2
helm lint --strict "$chart" -f "$production" 2>&1 | grep -v 'found symbolic link' >&2

step "helm template: defaults and non-default values"
helm template ticket-saga "$chart" 2>/dev/null >"$out/default.yaml" || helm template ticket-saga "$chart"
helm template ticket-saga "$chart" -f "$nondefault" --namespace tickets 2>/dev/null >"$out/nondefault.yaml" || helm template ticket-saga "$chart" -f "$nondefault" --namespace tickets

helm template ticket-saga "$chart" --set tracing.enabled=false 2>/dev/null >"$out/no-tracing.yaml" ||
  helm template ticket-saga "$chart" --set tracing.enabled=false
helm template ticket-saga "$chart" -f "$production" 2>/dev/null >"$out/production.yaml" || helm template ticket-saga "$chart" -f "$production"

step "replicas on sqlite: refused with the reason"
refusal=$(helm template ticket-saga "$chart" --set apps.order.replicas=2 2>&1 >/dev/null || true)
grep -q 'apps.order.replicas: 2 replicas need a store they can share: set stores.engine=postgresql' <<<"$refusal" ||
  die "helm template with two order replicas on sqlite did not refuse with the reason; it said: $refusal"

step "rendered defaults: four Dapr apps, components on the in-cluster broker and store"
expect() { grep -q -- "$2" "$out/default.yaml" || die "rendered chart: $1 (no match for '$2' in $out/default.yaml)"; }
[ "$(grep -c 'dapr.io/app-id:' "$out/default.yaml")" = 4 ] || die "rendered chart: expected 4 apps with dapr.io/app-id"
for app in order orchestrator inventory payment; do expect "$app has its Dapr app id" "dapr.io/app-id: \"$app\""; done
expect "sidecars reach the in-cluster broker" 'KAFKA_BROKERS=ticket-saga-kafka:9092'
expect "the workflow store is the in-cluster Redis" 'value: ticket-saga-redis:6379'

step "rendered chart: Kafka heap, state kept across tilt down, probes, sidecars, selectors, names, tokens, access policy, secrets"
node scripts/k8s/check-chart.mjs "$out/default.yaml" "$out/nondefault.yaml" "$out/no-tracing.yaml" "$out/production.yaml" >/dev/null ||
  die "the rendered chart fails the checks above"

step "kubeconform: rendered objects and components/ against Kubernetes $KUBERNETES_SCHEMA_VERSION and Dapr $DAPR_VERSION schemas"
kubeconform -strict -summary -kubernetes-version "$KUBERNETES_SCHEMA_VERSION" \
  -schema-location "$SCHEMAS_DIR/kubernetes/{{ .NormalizedKubernetesVersion }}-local{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$SCHEMAS_DIR/dapr/$DAPR_VERSION/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  "$out/default.yaml" "$out/nondefault.yaml" "$out/production.yaml" components/*.yaml

step "Tiltfile: evaluated by tilt $TILT_VERSION, offline"
kubeconfig="$bin/kubeconfig"
cat >"$kubeconfig" <<'KUBECONFIG'
apiVersion: v1
kind: Config
clusters: [{name: kind-ticket-saga, cluster: {server: "https://127.0.0.1:6443"}}]
contexts: [{name: kind-ticket-saga, context: {cluster: kind-ticket-saga, user: kind-ticket-saga}}]
users: [{name: kind-ticket-saga, user: {token: offline-check}}]
current-context: kind-ticket-saga
KUBECONFIG
KUBECONFIG="$kubeconfig" TILT_EXTENSIONS_REPO="file://$root/scripts/k8s/tilt-extensions" \
  tilt alpha tiltfile-result -f Tiltfile >"$out/tiltfile.json" 2>"$out/tiltfile.log" ||
  die "the Tiltfile does not evaluate:
$(tail -8 "$out/tiltfile.log")"
step "Tiltfile: dapr.io objects after the Dapr CRDs, no host build, live update from source; Dockerfile"
node scripts/k8s/check-tiltfile-result.mjs "$out/tiltfile.json" "$root" >/dev/null ||
  die "the Tiltfile's resource graph ($out/tiltfile.json) or the Dockerfile fails the checks above"

. scripts/k8s/check-scripts.sh

step "k6: scripts compile and their options are valid"
for script in k6/*.js; do
  k6 inspect --execution-requirements "$script" >/dev/null 2>"$out/k6.log" || die "k6 rejects $script:
$(tail -5 "$out/k6.log")"
done

log "all Kubernetes checks passed"
