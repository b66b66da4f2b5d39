#!/usr/bin/env bash
# Runs the k6 load scenario against the local stack (started for the run if it is not up), or
# against BASE_URL (e.g. the cluster's port forward). Plain `k6 run k6/orders.js` works too. Thresholds in k6/orders.js decide pass or fail. RATE and DURATION set the load.
set -euo pipefail
LOG_TAG=load
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/lib/common.sh"
cd "$root"

# Any k6 on PATH will do (a laptop running against the cluster has no Go); only without one is
# the pinned k6 built from source.
if command -v k6 >/dev/null 2>&1; then
  k6=k6
else
  k6="$TOOLS_BIN_DIR/k6-$K6_VERSION"
  [ -x "$k6" ] || bash scripts/install/tools.sh k6 >/dev/null
fi

started_here=false
if [ -z "${BASE_URL:-}" ] && ! node tools/stack/dist/cli.js status >/dev/null 2>&1; then
  log "the local stack is not running: starting it for this run"
  npm run --silent up
  started_here=true
fi
cleanup() { if $started_here; then node tools/stack/dist/cli.js down; fi; }
trap cleanup EXIT

# Creating the run's concert needs the operator's login: the local stack's, unless one is given.
if [ -z "${OPERATOR_TOKEN:-}" ] && [ -z "${BASE_URL:-}" ]; then
  OPERATOR_TOKEN=$(node --input-type=module -e "import('./tools/stack/dist/secrets.js').then((m) => console.log(m.readStackSecrets().operatorToken))")
  export OPERATOR_TOKEN
fi

log "k6 against ${BASE_URL:-http://localhost:8080}: ${RATE:-5} orders/s for ${DURATION:-30s}"
"$k6" run --no-usage-report "$@" k6/orders.js
