#!/usr/bin/env bash
# Sets up and runs the whole test suite on a fresh machine (Debian + Python 3.11).
# Browser tests need Debian's chromium and chromium-driver; installed here when missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromedriver >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "error: browser tests need chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi
python -m pip install -q -e '.[test]'
python -m ruff check .
python -m pytest "$@"
