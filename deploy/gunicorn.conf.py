"""gunicorn settings for one app server (deploy/prod-up.sh starts two, each on its own port).

Sync workers: the views are short and database-bound; nginx buffers slow clients. Size
``LIXING_GUNICORN_WORKERS`` to about 2 × cores of the machine the server runs on.
"""

import os

workers = int(os.environ.get("LIXING_GUNICORN_WORKERS", "3"))
worker_class = "sync"
timeout = 120
graceful_timeout = 30
# Recycle a worker now and then so a slow leak cannot grow without bound.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1"
