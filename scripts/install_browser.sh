#!/usr/bin/env bash
# Install the Debian packages the browser, site and handout tests need, if any is missing: chromium (driven
# by playwright; never a browser download of playwright's own), a CJK font (Hangul in charts, pages and
# PDFs) and poppler's tools (pdfinfo, pdftotext, pdffonts, pdftoppm for checking the handouts).
# Needs root (or sudo) and apt; otherwise says what to do.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then missing+=(fonts-noto-cjk); fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; install ${missing[*]} by hand (the browser tests will skip without them)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install_browser: run 'apt-get install ${missing[*]}' as root (the browser tests will skip without them)" >&2
    exit 0
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
