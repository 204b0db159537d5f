"""Follow processes and their children through ``/proc`` (Linux) while work runs.

An RQ worker forks a work horse per job, so the memory a job needs is the horse's, gone once
the job ends. :class:`TreePoller` samples each root process and every descendant a few
times a second on a thread of its own and keeps, per root: the largest resident set of any
one process of the tree (``VmRSS`` polled, and the highest ``VmHWM`` the kernel reported,
which also covers a peak between two polls), the largest sum over the tree at one poll
(shared copy-on-write pages counted in each process, so an upper bound) and how many
processes were seen. :func:`cpu_seconds` with ``children=True`` adds the CPU time of the
children the process has waited for (the horses that ended).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROC = Path("/proc")


def status_kb(pid: int, key: str, proc: Path = PROC) -> int | None:
    """A ``kB`` field of ``/proc/PID/status`` (``VmRSS``, ``VmHWM``); None when gone."""
    try:
        text = (proc / str(pid) / "status").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return None


def children(pid: int, proc: Path = PROC) -> list[int]:
    """The direct children of ``pid`` (from each of its threads)."""
    found: list[int] = []
    try:
        tasks = list((proc / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def tree(pid: int, proc: Path = PROC) -> list[int]:
    """``pid`` and all its descendants, parents first."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop(0)
        if current in found:
            continue
        found.append(current)
        todo += children(current, proc)
    return found


def cpu_seconds(pid: int, *, children: bool = False, proc: Path = PROC) -> float:
    """User + system CPU seconds of ``pid``; with ``children`` also of the children it has
    waited for. 0 when it is gone."""
    try:
        fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if children:
        ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass
class TreePeak:
    """What was seen of one root's tree."""

    max_rss_kb: int = 0
    max_hwm_kb: int = 0
    max_tree_rss_kb: int = 0
    pids: set[int] = field(default_factory=set)

    def sample(self, pid: int, proc: Path = PROC) -> None:
        total = 0
        for member in tree(pid, proc):
            rss = status_kb(member, "VmRSS", proc)
            if rss is None:
                continue
            self.pids.add(member)
            total += rss
            self.max_rss_kb = max(self.max_rss_kb, rss)
            self.max_hwm_kb = max(self.max_hwm_kb, status_kb(member, "VmHWM", proc) or 0)
        self.max_tree_rss_kb = max(self.max_tree_rss_kb, total)

    def summary(self) -> dict[str, Any]:
        return {
            "peak_process_rss_mb": round(max(self.max_rss_kb, self.max_hwm_kb) / 1024, 1),
            "peak_process_rss_polled_mb": round(self.max_rss_kb / 1024, 1),
            "peak_tree_rss_sum_mb": round(self.max_tree_rss_kb / 1024, 1),
            "processes_seen": len(self.pids),
        }


class TreePoller:
    """Sample the trees of ``roots`` every ``interval`` seconds until :meth:`stop`."""

    def __init__(self, roots: list[int], interval: float = 0.2, proc: Path = PROC) -> None:
        self.peaks = {root: TreePeak() for root in roots}
        self.interval, self.proc = interval, proc
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.interval):
                return

    def sample(self) -> None:
        for root, peak in self.peaks.items():
            peak.sample(root, self.proc)

    def start(self) -> TreePoller:
        self._thread.start()
        return self

    def stop(self) -> dict[int, dict[str, Any]]:
        self._stop.set()
        self._thread.join()
        return {root: peak.summary() for root, peak in self.peaks.items()}
