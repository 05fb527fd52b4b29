#!/usr/bin/env bash
# Installs what the media benchmark needs beyond Java and Maven (Debian packages): a C compiler for
# rtpload, Python 3 for the rtpengine call setup, and rtpengine itself (userspace forwarding, the
# comparison in `run.sh rtpengine` and `run.sh compare`). Idempotent: packages already present are not
# fetched again. run.sh calls it before a mode that needs rtpengine when rtpengine is not on the PATH.
set -euo pipefail

PACKAGES=(gcc libc6-dev python3 rtpengine-daemon)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "media benchmark dependencies already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "installing: ${missing[*]}"
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
# the benchmark starts rtpengine in the foreground with its own ports; a service started by the package
# (where systemd runs) would hold ports of the range, so it is stopped and kept from starting at boot
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  $SUDO systemctl disable --now rtpengine-daemon >/dev/null 2>&1 || true
fi
