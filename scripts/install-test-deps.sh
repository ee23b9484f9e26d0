#!/bin/sh
# Installs what the integration tests need beyond Rust: chromium for the browser tests
# (tests/common/browser.rs drives /usr/bin/chromium over the DevTools protocol).
# Idempotent: installs only what is missing, and runs `apt-get update` at most once.
# Other engineers add their packages to PACKAGES (e.g. nginx for the sub-path server test).
set -eu

PACKAGES="chromium chromium-driver"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-test-deps: all present ($PACKAGES)"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
echo "install-test-deps: installing$missing"
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
# shellcheck disable=SC2086 # word splitting of the package list is wanted
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $missing
