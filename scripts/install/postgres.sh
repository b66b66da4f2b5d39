#!/usr/bin/env bash
# PostgreSQL for `STACK_STORE=postgres`: the stack runs Debian's server binaries itself, on a port
# and data folder of its own (tools/stack/src/stores.ts), so the package's own service, if the
# system starts one, is left alone. Debian/Ubuntu as root: installed here. Elsewhere: install
# PostgreSQL 13 or later so that /usr/lib/postgresql/<version>/bin/postgres exists.
set -euo pipefail
LOG_TAG=postgres
. "$(dirname "$0")/../lib/common.sh"

found() { ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1; }

if [ -n "$(found)" ]; then
  log "$("$(found)" --version) found"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing Debian's postgresql package"
  apt-get update -qq
  # No service is started here: policy-rc.d refuses it for the length of the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  log "$("$(found)" --version) installed"
else
  die "no PostgreSQL server in /usr/lib/postgresql: install it (Debian: sudo apt-get install postgresql) to run STACK_STORE=postgres"
fi
