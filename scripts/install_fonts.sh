#!/usr/bin/env bash
# Make sure a Korean font is installed, so that charts and static maps draw Hangul (the Korean edition):
# Debian's fonts-noto-cjk where apt-get and root (or sudo) are at hand; otherwise say how, and carry on.
# matplotlib finds the font through korea_notes.charts.fonts.FONT_FALLBACK (Noto Sans CJK KR, Nanum,
# Malgun Gothic, Apple SD Gothic Neo, ...), so any of those families installed another way serves as well.
set -uo pipefail
if fc-list 2>/dev/null | grep -qiE "Noto Sans CJK|Noto Sans KR|Source Han Sans|Nanum|Malgun|Apple ?SD ?Gothic|AppleGothic"; then
  exit 0
fi
if [ "$(uname -s)" = "Darwin" ]; then
  exit 0  # macOS ships Apple SD Gothic Neo
fi
hint="install a Korean font for the Korean charts: apt-get install fonts-noto-cjk (Debian/Ubuntu), conda install -c conda-forge font-ttf-noto-cjk, or any Noto Sans CJK / Nanum font"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_fonts: $hint" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "install_fonts: $hint" >&2
    exit 0
  fi
fi
$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk \
  || echo "install_fonts: could not install fonts-noto-cjk; $hint" >&2
exit 0
