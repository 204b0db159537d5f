"""Faults of the system while a change is stored: which exceptions count, and what is told.

A database that refuses writes (opened read-only, a read-only transaction, disk full, the
connection lost) or a file storage that does (a read-only or full folder) is not a rule
of the domain: the change cannot be stored now, but may be later. The unit of work
(:mod:`core.views.unit_of_work`) turns such a fault into :class:`core.errors.WriteFailed`
so the page is shown again with what was typed and nothing half stored; an error handler
(:mod:`core.views.errors`) does the same for a fault outside a unit of work.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, InternalError, OperationalError

from core.errors import WriteFailed

log = logging.getLogger(__name__)

# Exception classes an error handler may be registered for.
FAULT_CLASSES: tuple[type[BaseException], ...] = (DBAPIError, OSError)


def is_write_fault(exc: BaseException) -> bool:
    """Whether ``exc`` means "the system could not store this now" rather than a bug.

    OperationalError: locked, read-only, disk full, connection lost. InternalError: a
    read-only transaction on PostgreSQL (SQLSTATE 25006). Any driver error after which the
    connection was found gone. OSError: the upload or storage folder refused the file.
    """
    if isinstance(exc, (OperationalError, InternalError)):
        return True
    if isinstance(exc, DBAPIError):
        return bool(exc.connection_invalidated)
    return isinstance(exc, OSError)


def write_failed(exc: BaseException) -> WriteFailed:
    """The error to show for a write fault; the fault itself goes to the log."""
    log.error("A change could not be stored: %s: %s", type(exc).__name__, exc, exc_info=exc)
    return WriteFailed()
