"""Load the public barometer page against a trivial route of the same app, same run.

    .venv/bin/python -m bench.public_page [--duration 10] [--connections 16]

Prepares a SQLite database with the migrations and the demo (six published editions),
serves the app with gunicorn (2 sync workers, production settings, a random secret key)
on 127.0.0.1, warms both routes once, then runs wrk (2 threads, 16 connections, 10 s
each) on ``/barometer/`` and on ``/healthz`` (one ``SELECT 1``), one after the other.
``bench/wrk_report.lua`` prints requests/s and the 50th/95th/99th latency percentiles
as JSON. Also times a cached report PDF (the demo publishes without the documents job:
the first request renders it, and each worker keeps what it rendered in memory). Writes
bench/results/public_page.json and prints a short table; gunicorn is stopped at the end,
whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "public_page.json"
LUA = ROOT / "bench" / "wrk_report.lua"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp: str) -> dict[str, str]:
    return {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
        "INSTANCE_PATH": tmp,
        "JOBS_MODE": "inline",
    }


def _prepare(env: dict[str, str]) -> None:
    for args in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )


def _get(url: str, timeout: float = 60) -> tuple[float, bytes]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - 127.0.0.1
        body = response.read()
    return time.perf_counter() - started, body


def _wait(url: str, deadline: float = 30) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            _get(url, timeout=2)
            return
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer on {url}")


def _wrk(url: str, duration: int, connections: int) -> dict[str, Any]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(LUA),
            "-H",
            "Accept-Encoding: gzip, deflate, br",
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=duration + 30,
    ).stdout
    line = next(raw for raw in reversed(out.splitlines()) if raw.startswith("{"))
    return json.loads(line)  # type: ignore[no-any-return]


def run(duration: int, connections: int, repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(tmp)
        _prepare(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "app:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait(f"{base}/healthz")
            page_seconds, page = _get(f"{base}/barometer/")  # stored at publication
            _get(f"{base}/healthz")
            # Alternate the two routes: a shared machine's load then hits both alike.
            rounds = [
                (
                    _wrk(f"{base}/barometer/", duration, connections),
                    _wrk(f"{base}/healthz", duration, connections),
                )
                for _ in range(repeats)
            ]
            first_pdf, pdf = _get(f"{base}/barometer/editions/6/report.pdf", timeout=120)
            cached = [_get(f"{base}/barometer/editions/6/report.pdf")[0] for _ in range(20)]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
    ratios = [_ratios(p, t) for p, t in rounds]
    middle = sorted(range(len(rounds)), key=lambda i: ratios[i]["throughput"])[len(rounds) // 2]
    public, trivial = rounds[middle]
    return {
        "benchmark": "public_page",
        "server": "gunicorn -w 2 (sync), APP_ENV=production, SQLite, demo data (6 editions)",
        "load": f"wrk -t2 -c{connections} -d{duration}s per route, alternating, {repeats} rounds",
        "request_headers": "Accept-Encoding: gzip, deflate, br (as every browser sends)",
        "public_page": {
            "url": "/barometer/",
            "page_bytes": len(page),
            **public,
            "first_render_seconds": round(page_seconds, 3),
        },
        "trivial_route": {"url": "/healthz", **trivial},
        "ratio": {
            **ratios[middle],
            "target": "throughput >= 0.7, p95 latency <= 2.0",
            "chosen": "the round with the median throughput ratio",
            "all_rounds": ratios,
        },
        "report_pdf": {
            "bytes": len(pdf),
            "first_request_seconds": round(first_pdf, 3),
            "cached_request_seconds": {
                "median": round(statistics.median(cached), 4),
                "max": round(max(cached), 4),
                "runs": len(cached),
            },
        },
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
    }


def _ratios(public: dict[str, Any], trivial: dict[str, Any]) -> dict[str, float]:
    return {
        "throughput": round(public["requests_per_second"] / trivial["requests_per_second"], 3),
        "p95_latency": round(public["latency_ms"]["p95"] / trivial["latency_ms"]["p95"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    result = run(args.duration, args.connections, args.rounds)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{'route':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}")
    for name in ("public_page", "trivial_route"):
        r = result[name]
        lat = r["latency_ms"]
        print(
            f"{r['url']:<14}{r['requests_per_second']:>10.1f}{lat['p50']:>10.2f}"
            f"{lat['p95']:>10.2f}{lat['p99']:>10.2f}"
        )
    print(
        f"ratio: throughput {result['ratio']['throughput']}, p95 {result['ratio']['p95_latency']}"
    )
    print(f"cached PDF: {result['report_pdf']['cached_request_seconds']['median'] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
