"""RQ's workers, changed to stop promptly when told to (SIGTERM, ``systemctl stop``).

RQ's own ``unsubscribe`` sends UNSUBSCRIBE before it tells its pub/sub thread to stop.
When the thread reads the reply first, it goes back to wait up to 60 seconds for a
subscription that never comes, and the worker's exit waits for the thread: stopping the
service or deploying then hangs for a minute. Here the thread is told to stop first, so
the reply wakes it to leave, and the worker waits for it at most a second (it is a daemon
thread, so it never keeps the process alive).
"""

from __future__ import annotations

from typing import Any

from rq import SimpleWorker, Worker


class _PromptStop:
    pubsub: Any
    pubsub_thread: Any

    def unsubscribe(self) -> None:
        if self.pubsub_thread:
            self.pubsub_thread.stop(timeout=0)  # clear its running flag; do not wait yet
            self.pubsub.unsubscribe()
            self.pubsub_thread.join(timeout=1)
            self.pubsub.close()


class PromptWorker(_PromptStop, Worker):
    """Forks a work horse per job, as RQ's ``Worker``."""


class PromptSimpleWorker(_PromptStop, SimpleWorker):
    """Runs each job in the worker's own process, as RQ's ``SimpleWorker`` (tests, debugging)."""
