#!/usr/bin/env bash
# Sets up and runs the dashboard on the committed geodata/ at http://127.0.0.1:8050 (HOST/PORT override).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e .
exec python -m dashboard
