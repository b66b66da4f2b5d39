#!/usr/bin/env bash
# A Helm chart repository holding Dapr's chart at $DAPR_VERSION, for machines that cannot reach
# dapr.github.io: the chart inside the Dapr module is the published one before its release
# stamps the version into it (Chart.yaml 0.0.0, image tag "edge"), so it is stamped the same way.
# Usage: dapr-chart.sh <repository folder> <URL it is served at>
set -euo pipefail
LOG_TAG=dapr-chart
. "$(dirname "$0")/../lib/common.sh"
repo="${1:?usage: dapr-chart.sh <repository folder> <url>}" url="${2:?usage: dapr-chart.sh <repository folder> <url>}"

src=$(go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src/charts/dapr" ] || die "the Dapr module v$DAPR_VERSION has no charts/dapr"
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
cp -r "$src/charts/dapr" "$work/dapr" && chmod -R u+w "$work/dapr"
find "$work/dapr" -name Chart.yaml -exec sed -i "s/'0\.0\.0'/'$DAPR_VERSION'/g" {} +
sed -i "0,/^  tag: 'edge'/s//  tag: '$DAPR_VERSION'/" "$work/dapr/values.yaml"
grep -q "^  tag: '$DAPR_VERSION'" "$work/dapr/values.yaml" || die "could not stamp the Dapr chart's image tag"
mkdir -p "$repo"
"$TOOLS_BIN_DIR/helm" package "$work/dapr" -d "$repo" >/dev/null
"$TOOLS_BIN_DIR/helm" repo index "$repo" --url "$url"
log "Dapr's chart $DAPR_VERSION in $repo, to be served at $url"
