#!/usr/bin/env bash
# Sets up and runs the whole test suite on a fresh machine (Debian 12, python3): Debian's chromium and
# chromium-driver for the browser tests (installed here when missing and we are root), the project with its test
# extras in the virtualenv .venv (the one run.sh uses; reinstalled only when pyproject.toml changes), then ruff
# and pytest. Arguments go to pytest, e.g. bash scripts/test.sh tests/test_viewstate.py -x
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
. scripts/venv.sh
sc_venv test
"$SC_VENV_PY" -m ruff check .
exec "$SC_VENV_PY" -m pytest "$@"
