#!/usr/bin/env bash
# JSON schemas for offline validation of the rendered chart and components/:
# - Kubernetes: from the kubernetes-validate package on PyPI (it bundles them per version);
# - Dapr CRDs: converted from the CRDs in the github.com/dapr/dapr module, the one daprd is built from.
set -euo pipefail
LOG_TAG=schemas
. "$(dirname "$0")/../lib/common.sh"
here="$(cd "$(dirname "$0")/../.." && pwd)"

k8s_dir="$SCHEMAS_DIR/kubernetes/v$KUBERNETES_SCHEMA_VERSION-local-strict"
if [ -d "$k8s_dir" ]; then
  log "Kubernetes $KUBERNETES_SCHEMA_VERSION schemas found"
else
  need python3 "Python 3 with pip fetches the Kubernetes schemas from PyPI."
  log "fetching Kubernetes $KUBERNETES_SCHEMA_VERSION schemas (kubernetes-validate $KUBERNETES_VALIDATE_VERSION from PyPI)"
  tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" -d "$tmp" ||
    die "pip could not download kubernetes-validate $KUBERNETES_VALIDATE_VERSION from PyPI"
  python3 - "$tmp"/kubernetes_validate-*.whl "$SCHEMAS_DIR/kubernetes" "v$KUBERNETES_SCHEMA_VERSION-local-strict" <<'PY'
import sys, zipfile, os, json
wheel, dest, wanted = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{wanted}/"
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith('/')]
    if not names:
        sys.exit(f"{wanted} is not in {os.path.basename(wheel)}")
    for n in names:
        target = os.path.join(dest, wanted, n[len(prefix):])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        schema = json.loads(z.read(n))
        # The package resolves "/api/..." ids and refs itself; make them plain relative files.
        schema.pop('$id', None)
        text = json.dumps(schema).replace('"/api/_definitions.json#', '"_definitions.json#')
        with open(target, 'w') as f:
            f.write(text)
PY
  rm -rf "$tmp"
fi

dapr_dir="$SCHEMAS_DIR/dapr/$DAPR_VERSION"
if [ -d "$dapr_dir" ]; then
  log "Dapr $DAPR_VERSION CRD schemas found"
else
  need go "Go fetches the Dapr CRDs from the module proxy."
  log "converting the Dapr $DAPR_VERSION CRDs to JSON schemas"
  module_dir=$(go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$module_dir" ] || die "could not download github.com/dapr/dapr@v$DAPR_VERSION"
  node "$here/scripts/k8s/crd-to-json-schema.mjs" "$module_dir/charts/dapr/crds" "$dapr_dir.partial"
  mv "$dapr_dir.partial" "$dapr_dir"
fi
