"""The shared harness of the load benchmarks: gunicorn on 127.0.0.1, bounded load with wrk.

    with serve(env, workers=4) as server:       # gunicorn -c gunicorn.conf.py, waits for /healthz
        result = wrk(server.url("/barometer/"), duration=10, connections=16)
        memory = server.worker_rss_mb()          # resident memory of each web worker
    # stopped (SIGTERM, then SIGKILL after 15 s), whatever happened inside

``database(env)`` prepares a throwaway database (SQLite in a temporary folder, or a
PostgreSQL database of its own, dropped and made again), ``wrk()`` runs the Debian package
``wrk`` (installed with apt-get when missing) with ``bench/wrk_report.lua`` and returns
requests/s, p50/p95/p99 and errors, ``write_result()`` writes ``bench/results/NAME.json``
with the machine's facts, and ``table()`` prints rows. Load goes to 127.0.0.1 only and is
bounded in seconds and connections.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LUA = ROOT / "bench" / "wrk_report.lua"
BIN = Path(sys.executable).parent
SHARED_NOTE = (
    "2-core development machine shared with other sessions (their test suites run at the "
    "same time): absolute figures vary by up to 2x between runs; ratios within a run hold"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_env(tmp: str, **extra: str) -> dict[str, str]:
    """Production settings for a throwaway installation in ``tmp``."""
    return {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_BASE_URL": "http://127.0.0.1",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "INSTANCE_PATH": tmp,
        "UPLOAD_FOLDER": f"{tmp}/uploads",
        "STORAGE_DIR": f"{tmp}/storage",
        "JOBS_MODE": "inline",
        "REDIS_URL": "",
        "RATELIMIT_STORAGE_URI": "memory://",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_GRACEFUL_TIMEOUT": "5",  # the load is over when a benchmark stops it
        **extra,
    }


def flask(env: Mapping[str, str], *args: str, timeout: float = 900) -> str:
    """Run ``flask --app app ARGS`` with ``env``; its output (raises on failure)."""
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args],
        cwd=ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def postgres_url(name: str) -> str:
    """A PostgreSQL database ``name`` made empty (``scripts/ci/postgres.sh`` starts the
    server and creates it with the Danish collation)."""
    url = (
        subprocess.run(
            ["bash", str(ROOT / "scripts" / "ci" / "postgres.sh")],
            env={**os.environ, "DB_NAME": name},
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def redis_url(db: int) -> str:
    """Redis database ``db`` on 127.0.0.1, emptied (``scripts/ci/redis.sh`` starts it)."""
    from redis import Redis

    subprocess.run(
        ["bash", str(ROOT / "scripts" / "ci" / "redis.sh")], capture_output=True, check=True
    )
    url = f"redis://127.0.0.1:6379/{db}"
    Redis.from_url(url).flushdb()
    return url


@dataclass
class Server:
    """A running gunicorn: its master process and base URL."""

    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the web workers have used so far."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def worker_rss_mb(self) -> list[float]:
        """Resident memory (VmRSS) of each web worker, in MB."""
        return [rss for pid in self.worker_pids() if (rss := rss_mb(pid)) is not None]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def get(url: str, timeout: float = 60) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1
        body = response.read()
    return time.perf_counter() - started, body


@contextmanager
def serve(
    env: Mapping[str, str], *, workers: int = 2, threads: int = 4, wait: float = 90
) -> Iterator[Server]:
    """gunicorn with the repository's ``gunicorn.conf.py`` and ``workers`` x ``threads``
    on a free port of 127.0.0.1; yields once ``/healthz`` answers, stops it afterwards."""
    server = start(env, workers=workers, threads=threads)
    try:
        wait_healthy(server, wait)
        yield server
    finally:
        stop(server.process)


def start(env: Mapping[str, str], *, workers: int = 2, threads: int = 4) -> Server:
    """Start gunicorn (see ``serve``) without waiting for it; stop it with ``stop()``."""
    port = free_port()
    log = Path(env.get("INSTANCE_PATH") or "/tmp") / f"gunicorn-{port}.log"  # noqa: S108
    settings = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": str(threads),
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
            cwd=ROOT,
            env=settings,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(process, f"http://127.0.0.1:{port}", log)


def start_worker(env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """An RQ worker (``flask --app app jobs worker``) in a process group of its own."""
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(BIN / "flask"), "--app", "app", "jobs", "worker"],
            cwd=ROOT,
            env=dict(env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_healthy(server: Server, deadline: float = 90) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if server.process.poll() is not None:
            break
        try:
            get(server.url("/healthz"), timeout=2)
            return
        except OSError:
            time.sleep(0.25)
    tail = server.log.read_text(errors="replace")[-3000:] if server.log.exists() else ""
    raise RuntimeError(f"gunicorn did not answer on {server.base}/healthz:\n{tail}")


def stop(process: subprocess.Popen[Any], grace: float = 15) -> None:
    """SIGTERM to the process group (gunicorn's graceful stop), SIGKILL after ``grace``."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)
    except ProcessLookupError:
        pass


def ensure_wrk() -> str:
    """The path of wrk; installs the Debian package when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "wrk"]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and could not be installed (apt-get).")
    return found


def wrk(
    url: str,
    *,
    duration: int = 10,
    connections: int = 16,
    threads: int = 2,
    headers: Sequence[str] = ("Accept-Encoding: gzip, deflate, br",),
    think_ms: int = 0,
) -> dict[str, Any]:
    """Bounded load on ``url``: requests/s, latency percentiles (ms) and errors.

    ``think_ms`` above 0 makes each connection a user who waits about that long (from half
    to one and a half times it) between requests; 0 sends the next request at once.
    """
    command = [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    command += ["-s", str(LUA)]
    for header in headers:
        command += ["-H", header]
    env = {**os.environ, "WRK_THINK_MS": str(think_ms)}
    out = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=duration + 60,
        env=env,
    ).stdout  # fmt: skip
    line = next(raw for raw in reversed(out.splitlines()) if raw.startswith("{"))
    result: dict[str, Any] = json.loads(line)
    result["errors"] = result["socket_errors"] + result["non_2xx_3xx"]
    return result


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99 and max of ``seconds``, in milliseconds (nearest rank)."""
    if not seconds:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(seconds)

    def rank(p: float) -> float:
        index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return round(ordered[index] * 1000, 1)

    return {"p50": rank(50), "p95": rank(95), "p99": rank(99), "max": rank(100)}


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "note": SHARED_NOTE,
    }


def write_result(name: str, result: dict[str, Any]) -> Path:
    """``bench/results/NAME.json``, with when and where it was measured."""
    path = RESULTS / f"{name}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    full = {
        "benchmark": name,
        **result,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }
    path.write_text(json.dumps(full, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def record_memory(benchmark: str, setting: str, rss: Sequence[float]) -> None:
    """Benchmark 6: the web workers' resident memory after ``benchmark``'s load, kept in
    ``bench/results/worker_memory.json`` beside the other benchmarks' entries."""
    path = RESULTS / "worker_memory.json"
    try:
        previous = json.loads(path.read_text(encoding="utf-8")).get("after", {})
    except (OSError, ValueError):
        previous = {}
    previous[benchmark] = {
        "setting": setting,
        "rss_mb_per_worker": list(rss),
        "max_rss_mb": max(rss, default=0.0),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    peak = max((entry["max_rss_mb"] for entry in previous.values()), default=0.0)
    write_result(
        "worker_memory",
        {
            "what": "resident memory (VmRSS) of each gunicorn web worker after the load",
            "target_mb": 250,
            "max_rss_mb": peak,
            "meets_target": peak <= 250,
            "after": dict(sorted(previous.items())),
        },
    )


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print ``rows`` under ``header`` as aligned columns."""
    cells = [[str(c) for c in header], *[[_cell(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        print(
            "  ".join(
                c.rjust(w) if i else c.ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)
