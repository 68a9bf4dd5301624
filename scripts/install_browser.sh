#!/usr/bin/env bash
# Install Debian's chromium for the browser tests, if it is missing. Never downloads a browser build of
# its own: playwright drives /usr/bin/chromium. Needs root (or sudo) and apt; otherwise says what to do.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; install Chromium by hand (the browser tests will skip without it)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_browser: run 'apt-get install chromium' as root (the browser tests will skip without it)" >&2
    exit 0
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk
