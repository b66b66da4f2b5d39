#!/usr/bin/env bash
# The dashboard's browser test drives a real headless Chromium through playwright-core, which
# never downloads a browser: it uses the system's. Debian/Ubuntu as root: installed here.
# Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH.
set -euo pipefail
LOG_TAG=chromium
. "$(dirname "$0")/../lib/common.sh"

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
  log "$("$browser" --version 2>/dev/null || echo "$browser") found"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "installing Debian's chromium package"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  log "$(/usr/bin/chromium --version) installed"
else
  die "no Chromium at $browser: install Chromium (Debian: sudo apt-get install chromium) or Google Chrome, and set CHROMIUM_PATH to it"
fi
