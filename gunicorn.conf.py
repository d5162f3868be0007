"""gunicorn settings, read automatically from the working directory (``gunicorn dashboard.app:server``)."""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads per worker (gthread): slow clients and downloads don't block the callbacks of others.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Load the data layer once in the master, before forking: workers share it and a broken layer stops startup.
preload_app = True
timeout = 30
proc_name = "sc-rollout"
# The longest request line gunicorn accepts (its maximum; default 4094). The app refuses over-long parameter values
# itself, with a notice in the page's own layout; a longer line gets gunicorn's one-line 414.
limit_request_line = 8190
