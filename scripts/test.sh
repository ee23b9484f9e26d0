#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (Debian's
# chromium for browser tests, nginx for the published-site test) when missing, then runs
# every test. Browser and nginx tests fail, rather than skip, when run from here.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/install-test-deps.sh ]; then
  scripts/install-test-deps.sh
fi
export SOTAY_REQUIRE_BROWSER=1
cargo test --locked --all-targets --features fault-injection "$@"
