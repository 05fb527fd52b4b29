#!/usr/bin/env bash
# Installs the real peers and tools the test suite drives (Debian packages).
# Idempotent: packages already present are not fetched again.
set -euo pipefail

PACKAGES=(sip-tester baresip coturn chromium chromium-driver sox espeak-ng linphone-cli fail2ban openssl)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "test dependencies already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "installing: ${missing[*]}"
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
