"""Real faults for tests: a database that refuses writes or goes away, storage that is
read-only or full. Nothing of the product is replaced; the database and the kernel refuse.

* :func:`database_refusing_writes`: every connection the pool hands out is read-only
  (SQLite ``PRAGMA query_only``; PostgreSQL ``default_transaction_read_only``).
* :func:`database_gone_at_first_write`: the connection is closed (SQLite) or terminated by
  the server (PostgreSQL, ``pg_terminate_backend``) right before the first INSERT, UPDATE or
  DELETE is sent, as when the database server goes away in the middle of a request.
* :func:`read_only_folder`: a folder the process cannot write to (a folder without write
  permission; as root, who ignores permissions, a folder of the kernel's read-only sysfs).
* :func:`storage_full`: the kernel refuses to let any file of this process grow beyond a
  few bytes (``RLIMIT_FSIZE``), as on a full disk (``EFBIG`` instead of ``ENOSPC``).
"""

from __future__ import annotations

import resource
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from core.extensions import db

_WRITES = ("INSERT", "UPDATE", "DELETE")


def _dialect() -> str:
    return db.engine.dialect.name


def _release_test_session() -> None:
    """Commit the test's session, so it holds no connection (its objects stay attached)."""
    db.session.commit()


def _restore(engine: Any) -> None:
    db.session.rollback()
    engine.dispose()


@contextmanager
def database_refusing_writes() -> Iterator[None]:
    """While inside, the database refuses every write (reads still work)."""
    _release_test_session()
    engine = db.engine
    postgresql = _dialect() == "postgresql"

    def read_only(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if postgresql:
            dbapi_connection.autocommit = True
            dbapi_connection.execute("SET default_transaction_read_only = on")
            dbapi_connection.autocommit = False
        else:
            dbapi_connection.execute("PRAGMA query_only = ON")

    engine.dispose()
    event.listen(engine, "checkout", read_only)
    try:
        yield
    finally:
        event.remove(engine, "checkout", read_only)
        _restore(engine)


@contextmanager
def database_gone_at_first_write() -> Iterator[list[str]]:
    """The first write statement finds its connection gone; yields the statements that
    failed so (one), so a test can check the fault really happened."""
    _release_test_session()
    engine = db.engine
    failed: list[str] = []

    def gone(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if failed or not statement.lstrip().upper().startswith(_WRITES):
            return
        failed.append(statement)
        dbapi_connection = conn.connection.dbapi_connection
        if _dialect() == "postgresql":
            pid = dbapi_connection.info.backend_pid
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as other:
                other.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        else:
            dbapi_connection.close()

    event.listen(engine, "before_cursor_execute", gone)
    try:
        yield failed
    finally:
        event.remove(engine, "before_cursor_execute", gone)
        _restore(engine)


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"x")
    except OSError:
        return False
    probe.unlink()
    return True


@contextmanager
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process cannot create files in."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if _writable(folder):  # root ignores permissions; sysfs refuses even root
            folder = Path("/sys/kernel")
            assert not _writable(folder)
        yield folder
    finally:
        (tmp_path / "read-only").chmod(stat.S_IRWXU)


@contextmanager
def storage_full(max_bytes: int = 64) -> Iterator[None]:
    """No file of this process may grow beyond ``max_bytes`` (the kernel answers EFBIG)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def files_in(folder: Path) -> set[str]:
    """Every file in ``folder``, hidden ones too (a half-written temporary file counts)."""
    return {p.name for p in folder.iterdir()} if folder.exists() else set()
