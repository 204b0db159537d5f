"""A real ``flask jobs worker`` process on the test's database and Redis (RQ mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

from tests.conftest import REDIS_TEST_URL

ROOT = Path(__file__).resolve().parents[1]


def start_worker(app: Flask) -> subprocess.Popen[bytes]:
    """``flask --app app jobs worker`` with the app's database, folders and queue."""
    env = {
        **os.environ,
        "APP_ENV": "development",
        "DATABASE_URL": str(app.config["SQLALCHEMY_DATABASE_URI"]),
        "REDIS_URL": REDIS_TEST_URL,
        "JOBS_MODE": "rq",
        "JOBS_QUEUE": str(app.config["JOBS_QUEUE"]),
        "UPLOAD_FOLDER": str(app.config["UPLOAD_FOLDER"]),
        "STORAGE_DIR": str(app.config["STORAGE_DIR"]),
        "SECRET_KEY": "worker-test-only-not-secret-0123456789abcdef",
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "jobs", "worker"]
    return subprocess.Popen(  # noqa: S603 - our own command
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
