"""Load the public barometer page and the editions API against a static asset, same run.

    .venv/bin/python -m bench.public_page [--duration 10] [--connections 16] [--rounds 5]
        [--workers 2] [--database sqlite|postgresql]

Prepares a throwaway database (SQLite, or PostgreSQL ``barometer_bench_public``) with the
migrations and the demo (six published editions), serves it with gunicorn through the
shared harness (``bench/server.py``: the repository's ``gunicorn.conf.py``, production
settings, 127.0.0.1), requests each route once, then runs wrk on ``/barometer/``, on
``/api/v1/editions/latest`` and on ``/static/css/app.css`` (a file served by the same
server), in turn, for ``--rounds`` rounds, so the shared machine's load falls on all alike;
each ratio to the static asset is the median over the rounds.
Also times a cached report PDF, and records the web workers' resident memory afterwards
(benchmark 6). Writes bench/results/public_page.json and prints a table; gunicorn is
stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from typing import Any

from bench import server as harness

ROUTES = {
    "public_page": "/barometer/",
    "editions_api": "/api/v1/editions/latest",
    "static_asset": "/static/css/app.css",
}
TARGET = "throughput >= 0.7 and p95 latency <= 2.0 x the static asset's"


def run(
    duration: int, connections: int, repeats: int, workers: int, database: str
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        extra = {}
        if database == "postgresql":
            extra["DATABASE_URL"] = harness.postgres_url("barometer_bench_public")
        env = harness.base_env(tmp, **extra)
        harness.flask(env, "db", "upgrade")
        harness.flask(env, "demo", "load")
        with harness.serve(env, workers=workers) as server:
            first = {name: harness.get(server.url(path))[0] for name, path in ROUTES.items()}
            rounds = [
                {
                    name: harness.wrk(server.url(path), duration=duration, connections=connections)
                    for name, path in ROUTES.items()
                }
                for _ in range(repeats)
            ]
            first_pdf, pdf = harness.get(server.url("/barometer/editions/6/report.pdf"), 120)
            cached = [
                harness.get(server.url("/barometer/editions/6/report.pdf"))[0] for _ in range(20)
            ]
            page_bytes = len(harness.get(server.url("/barometer/"))[1])
            rss = server.worker_rss_mb()
    setting = f"gunicorn {workers} workers x 4 threads (gthread), {database}, demo data"
    harness.record_memory("public_page", setting, rss)
    ratios = [
        {name: _ratios(r[name], r["static_asset"]) for name in ("public_page", "editions_api")}
        for r in rounds
    ]
    middle = sorted(range(repeats), key=lambda i: ratios[i]["public_page"]["throughput"])[
        repeats // 2
    ]
    chosen = rounds[middle]
    medians = {
        name: {
            kind: round(statistics.median(r[name][kind] for r in ratios), 3)
            for kind in ("throughput", "p95_latency")
        }
        for name in ("public_page", "editions_api")
    }
    return {
        "server": setting + " (the demo's published editions), APP_ENV=production",
        "load": f"wrk -t2 -c{connections} -d{duration}s per route, in turn, {repeats} rounds",
        "request_headers": "Accept-Encoding: gzip, deflate, br (as every browser sends)",
        "routes": {
            name: {
                "url": ROUTES[name],
                **chosen[name],
                "first_request_seconds": round(first[name], 3),
            }
            for name in ROUTES
        },
        "public_page_bytes": page_bytes,
        "ratio_to_static_asset": {
            **medians,
            "target": TARGET,
            "meets_target": all(_meets(r) for r in medians.values()),
            "how": "each ratio is the median over the rounds (the machine is shared, so "
            "single rounds swing); the routes' figures are the round with the median "
            "throughput ratio of the public page",
            "all_rounds": ratios,
        },
        "errors": sum(r[name]["errors"] for r in rounds for name in ROUTES),
        "report_pdf": {
            "bytes": len(pdf),
            "first_request_seconds": round(first_pdf, 3),
            "cached_request_seconds": {
                "median": round(statistics.median(cached), 4),
                "max": round(max(cached), 4),
                "runs": len(cached),
            },
        },
        "web_worker_rss_mb": rss,
    }


def _ratios(route: dict[str, Any], static: dict[str, Any]) -> dict[str, float]:
    return {
        "throughput": round(route["requests_per_second"] / static["requests_per_second"], 3),
        "p95_latency": round(route["latency_ms"]["p95"] / static["latency_ms"]["p95"], 3),
    }


def _meets(ratio: dict[str, float]) -> bool:
    return ratio["throughput"] >= 0.7 and ratio["p95_latency"] <= 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    result = run(args.duration, args.connections, args.rounds, args.workers, args.database)
    harness.write_result("public_page", result)
    rows = []
    for name, r in result["routes"].items():
        lat = r["latency_ms"]
        ratio = result["ratio_to_static_asset"].get(name, {})
        rows.append(
            (
                r["url"],
                r["requests_per_second"],
                lat["p50"],
                lat["p95"],
                lat["p99"],
                r["errors"],
                ratio.get("throughput", 1.0),
                ratio.get("p95_latency", 1.0),
            )
        )
    harness.table(
        ("route", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "x req/s", "x p95"), rows
    )
    print(f"target: {TARGET}; met: {result['ratio_to_static_asset']['meets_target']}")
    print(f"web workers' RSS: {result['web_worker_rss_mb']} MB")


if __name__ == "__main__":
    main()
