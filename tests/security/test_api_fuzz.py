"""The API fuzzed from its own description: schemathesis generates requests for every GET
operation of ``/api/v1/openapi.json`` (bounded, with a fixed seed, so a run is repeatable)
against the demo; no answer may be a server error, and every answer must match the
status codes, content types, headers and schemas the document promises."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings

from core.extensions import db, limiter
from tests.demo_cache import load_demo_once

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def api_schema(app: Flask) -> Iterator[Any]:
    """The document as the app serves it, over the demo; every table is emptied afterwards."""
    from tests.conftest import _truncate_all

    with app.app_context():
        load_demo_once()
        db.session.commit()
        db.session.remove()
    limiter.reset()
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    with app.app_context():
        _truncate_all()
        db.session.remove()


SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_every_get_operation_answers_as_its_schema_says(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.include(method="GET").get_all_operations()]
    assert len(operations) >= 12
    failures: dict[str, str] = {}
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            # The WSGI transport does not unpack gzip; the public files are gzipped on request.
            case.call_and_validate(headers={"Accept-Encoding": "identity"})

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as error:  # reported together below
            failures[operation.label] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{k}: {v}" for k, v in failures.items())
