#!/usr/bin/env bash
# Installs what the tests need on a Debian machine, only when it is missing:
# chromium (browser tests: search, live reload, layout), nginx (the published site
# served under a sub-path) and axe-core (accessibility). Idempotent; needs root (or sudo)
# for apt-get.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${need[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
# nginx-light's package starts a system service; the tests run their own instance.
if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
# axe-core (accessibility checks in tests/layout_browser.rs) from the npm registry, into
# target/test-deps where the test reads axe.min.js; node and npm come from Debian.
axe="target/test-deps/node_modules/axe-core/axe.min.js"
cd "$(dirname "$0")/.."
if [ ! -f "$axe" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-test-deps: installing npm"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
  echo "install-test-deps: installing axe-core into target/test-deps"
  npm install --no-save --no-audit --no-fund --silent --prefix target/test-deps axe-core@4
fi
