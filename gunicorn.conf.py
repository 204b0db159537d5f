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


def post_worker_init(worker: object) -> None:
    """Move what is alive once the app is loaded out of the garbage collector's full scans.

    A worker holds some 225,000 long-lived objects (the app, its modules, templates and
    translations). Each full collection walked all of them: 120-190 ms during which every
    thread of the worker stood still, measured as the tail of the staff pages' latency
    (bench/README.md, ``staff_load``). Frozen (``gc.freeze()``), they are skipped; a full
    collection then takes 4-20 ms. They are never freed, which they would not be anyway.
    ``GUNICORN_GC_FREEZE=0`` turns it off.
    """
    import gc

    if os.environ.get("GUNICORN_GC_FREEZE", "1") != "0":
        gc.collect()
        gc.freeze()
