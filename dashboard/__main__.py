"""``python -m dashboard``: serve locally on 127.0.0.1:8050 unless HOST/PORT say otherwise (never debug)."""

import os

from dashboard.app import app

app.run(host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8050")), debug=False)
