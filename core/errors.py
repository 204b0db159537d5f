"""The domain error base shared by every package.

Services raise a :class:`DomainError` when a rule forbids an action. Views turn it
into a flash message or a 4xx page; nothing in the database is left half changed
because the view only commits after the service returned.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark a message for translation without translating it (gettext_noop).

    Domain errors carry English message ids; views translate them in the user's
    language when they show them.
    """
    return message


class DomainError(Exception):
    """A rule of the domain refused an action.

    ``message`` is an untranslated English message id marked with :func:`N_`;
    ``params`` fills its ``%(name)s`` placeholders. Views translate it.
    """

    status_code = 409

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


class NotFound(DomainError):
    status_code = 404


class Forbidden(DomainError):
    status_code = 403


class FrozenError(DomainError):
    """An approved version, a submitted response or a published edition was to be changed."""


class TransitionNotAllowed(DomainError):
    """A state machine was asked for a transition its table does not list."""


class ValidationFailed(DomainError):
    status_code = 400


class StaleEdit(DomainError):
    """Someone else saved the object after the form was opened."""


class AlreadyExists(ValidationFailed):
    pass


class WriteFailed(DomainError):
    """The database or the file storage refused to store a change (read-only, full, gone).

    Not a rule of the domain but a fault of the system: the unit of work rolls back,
    removes any file the change had written, and the form is shown again with what was
    typed. 503: trying again later may succeed.
    """

    status_code = 503

    def __init__(self) -> None:
        super().__init__(
            N_(
                "Nothing was saved: the system could not store your changes just now. What "
                "you typed is still in the form. Try again in a moment; if it keeps failing, "
                "contact the system administrator."
            )
        )


class RequestTooLarge(DomainError):
    """The request was larger than ``MAX_CONTENT_LENGTH``: its files were not received."""

    status_code = 413

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(
            N_(
                "Nothing was saved: what you sent was larger than %(limit)s MB, so the file "
                "was not received. Your text is in the form again; choose a smaller file."
            ),
            limit=max(1, round(limit_bytes / (1024 * 1024))),
        )
