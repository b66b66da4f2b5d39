#!/usr/bin/env bash
# Checks the scripts a user of the Kubernetes path runs: `npm run load` against a cluster without
# Go (finding 6), and the README's list of prerequisites. Sourced by check-k8s.sh.
set -euo pipefail

step "npm run load against a cluster: k6 from PATH, nothing built"
sandbox=$(mktemp -d)
mkdir -p "$sandbox/path" "$sandbox/tools"
cat >"$sandbox/path/k6" <<'K6'
#!/bin/sh
echo "$*" >"$(dirname "$0")/../k6.args"
K6
cat >"$sandbox/path/go" <<'GO'
#!/bin/sh
touch "$(dirname "$0")/../go.called"
exit 1
GO
chmod +x "$sandbox/path/k6" "$sandbox/path/go"
BASE_URL=http://127.0.0.1:9 TOOLS_BIN_DIR="$sandbox/tools" PATH="$sandbox/path:$PATH" \
  bash scripts/load.sh >"$sandbox/load.log" 2>&1 || true
if [ -e "$sandbox/go.called" ] || [ ! -e "$sandbox/k6.args" ]; then
  die "finding 6: with BASE_URL set and k6 on PATH, scripts/load.sh $([ -e "$sandbox/go.called" ] && echo 'ran go (it builds the Go tools first)' || echo 'did not run the k6 on PATH'):
$(tail -5 "$sandbox/load.log")"
fi
grep -q 'k6/orders.js' "$sandbox/k6.args" || die "finding 6: scripts/load.sh ran k6 without k6/orders.js: $(cat "$sandbox/k6.args")"
rm -rf "$sandbox"

step "README: the Kubernetes prerequisites, with versions"
section=$(awk '/^## Run on Kubernetes/ { on = 1; print; next } on && /^## / { exit } on' README.md)
for needle in Docker 'kind.*v0\.[0-9]+' kubectl 'Helm 3' "Tilt.*$TILT_VERSION" python3 "export PATH=" 'k6 run k6/orders.js' 'tilt down'; do
  grep -Eq -- "$needle" <<<"$section" || die "finding 3: README's \"Run on Kubernetes\" does not mention /$needle/ (the exact prerequisites, how to put the built tools on PATH, k6 without Go, what tilt down keeps)"
done
