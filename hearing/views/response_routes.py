"""Registers the routes of consultee responses on the hearing blueprint (and the API)."""

from hearing.views import (  # noqa: F401
    api_responses,
    response_submission,
    responses,
    responses_public,
    responses_staff,
)
