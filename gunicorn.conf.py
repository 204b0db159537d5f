"""gunicorn's settings for the app (docs/deploy.md, "gunicorn").

gunicorn reads this file when started in the repository's folder (or with ``-c``):

    .venv/bin/gunicorn                    # serves app:create_app() on 127.0.0.1:8000

Each value can be changed by an environment variable, so the systemd unit and the
benchmarks (``bench/server.py``) use the same file.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "app:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, and threads in each: a thread waits on the database or on a slow client while
# the others run. One or two processes per core.
workers = _int("GUNICORN_WORKERS", 2)
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 4)
# A request may run this long (a report PDF rendered on request; in-process jobs without
# Redis). On SIGTERM a worker finishes its requests for up to graceful_timeout seconds.
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace a worker after this many requests (0: never), jittered so that they do not all
# restart together; bounds any slow growth of a worker's memory.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 50)
# "-" is stdout (the journal under systemd); an empty value turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
