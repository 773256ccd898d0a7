#!/bin/sh
# Installs the Debian packages the build and tests need on a fresh machine.
#   libpulse0 - linked by webrtc-java's native library (it will not load without it)
#   libudev1  - linked by FFmpeg's libavutil (platform.ffmpeg, recording); part of most base systems
#   iproute2  - `ip`, used by scope.webrtc's test wrapper to set up a private network namespace
#   chromium  - the headless browser the end-to-end tests (test module) and the round-trip benchmark drive
#   liblo-tools - `oscsend`, an OSC client of another project, which the OSC end-to-end test sends with
#   zookeeper - ZooKeeper's server (jars only, no daemon), which the cluster end-to-end test starts
# Idempotent: packages already installed are skipped, and nothing is printed when nothing is missing.
# With the argument "runtime" only what the server itself needs is installed (libpulse0, libudev1).
set -eu

PACKAGES="libpulse0 libudev1 iproute2 chromium liblo-tools zookeeper"
if [ "${1:-}" = "runtime" ]; then
    PACKAGES="libpulse0 libudev1"
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# Wait for the dpkg lock rather than fail when another apt run is in progress.
APT_OPTS="-o DPkg::Lock::Timeout=600"
$SUDO apt-get $APT_OPTS update -qq
# shellcheck disable=SC2086
$SUDO apt-get $APT_OPTS install -y -qq --no-install-recommends $missing >/dev/null
