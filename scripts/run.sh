#!/usr/bin/env bash
# Serves the dashboard on the committed geodata/ at http://127.0.0.1:8050 (HOST and PORT set the address).
# Needs only python3: the project lives in the virtualenv .venv, made and installed on the first start and reused
# after (reinstalled only when pyproject.toml changes; see scripts/venv.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
sc_venv ""  # the app alone, no extras
exec "$SC_VENV_PY" -m dashboard
