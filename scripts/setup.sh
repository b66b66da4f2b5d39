#!/usr/bin/env bash
# Installs what the local stack runs on: daprd, placement and scheduler (built from the Go
# module proxy), and a Kafka broker (from Maven Central). Cached outside the clone, keyed by
# version: the second run takes seconds, and the stack runs it before every start.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/install/kafka.sh"
bash "$here/install/dapr.sh"
