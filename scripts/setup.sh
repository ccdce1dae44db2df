#!/usr/bin/env bash
# Sets up everything Kho Vật Chứng needs on a fresh Debian/Ubuntu machine: system packages
# (fonts, Qt's libraries, poppler, Xvfb, PostgreSQL for the tests), then a virtualenv in .venv.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-dejavu-core fontconfig poppler-utils
  libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libcups2 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libxcb-xinerama0
  xvfb xauth imagemagick
  cups-client  # lp: printing sends the PDF itself to CUPS (vector, 100 %, titled, copies)
)
# tests: PostgreSQL; a private cupsd with a cups-pdf queue for the print-path test (tests/cups_support.py)
DEV_PACKAGES=(postgresql postgresql-contrib cups-daemon cups-filters printer-driver-cups-pdf ghostscript)

missing=()
want=("${APT_PACKAGES[@]}")
[[ "${1:-}" == "--dev" ]] && want+=("${DEV_PACKAGES[@]}")
if command -v dpkg-query >/dev/null; then
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
fi
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
fi
req=requirements.txt; [[ "${1:-}" == "--dev" ]] && req=requirements-dev.txt
stamp=".venv/.installed-$(sha1sum "$req" requirements.txt | sha1sum | cut -c1-12)"
if [[ ! -f "$stamp" ]]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$req"
  touch "$stamp"
fi
# the project itself, editable (its resources/ stay beside the code): `python -m evidence_store` and
# `evidence-store` then work from any folder, not only from this one (HANDS-ON 9)
root=$(pwd)
if ! (cd / && "$root/.venv/bin/python" -c "import evidence_store, ui") >/dev/null 2>&1 \
    || [[ ! -x .venv/bin/evidence-store ]]; then
  .venv/bin/python -m pip install -q --no-deps -e .
fi
