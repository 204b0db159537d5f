"""``bench.proctree``: the poller that finds an RQ worker's work horses and their memory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench import proctree


def test_a_child_is_found_in_the_tree_with_its_memory() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; print(1, flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        child.stdout.readline()  # running Python: resident memory of its own
        assert child.pid in proctree.children(os.getpid())
        assert proctree.tree(os.getpid())[0] == os.getpid()
        assert child.pid in proctree.tree(os.getpid())
        peak = proctree.TreePeak()
        peak.sample(os.getpid())
        summary = peak.summary()
        own = (proctree.status_kb(os.getpid(), "VmRSS") or 0) / 1024
        assert summary["processes_seen"] >= 2
        assert summary["peak_tree_rss_sum_mb"] > summary["peak_process_rss_polled_mb"] > 0
        assert summary["peak_process_rss_mb"] >= own * 0.5
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_reads_as_nothing(tmp_path: Path) -> None:
    (tmp_path / "123").mkdir()  # a /proc without the status or stat of process 123
    assert proctree.status_kb(123, "VmRSS", tmp_path) is None
    assert proctree.children(123, tmp_path) == []
    assert proctree.cpu_seconds(123, children=True, proc=tmp_path) == 0.0
    peak = proctree.TreePeak()
    peak.sample(123, tmp_path)
    assert peak.summary()["processes_seen"] == 0


def test_cpu_with_children_counts_the_children_waited_for() -> None:
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    own = proctree.cpu_seconds(os.getpid())
    assert proctree.cpu_seconds(os.getpid(), children=True) > own


def test_the_poller_samples_until_stopped() -> None:
    poller = proctree.TreePoller([os.getpid()], interval=0.01).start()
    result = poller.stop()
    assert result[os.getpid()]["processes_seen"] >= 1
    assert result[os.getpid()]["peak_process_rss_mb"] > 0
