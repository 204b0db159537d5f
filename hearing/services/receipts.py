"""Receipts by e-mail: every member of the body is told a version was received."""

from __future__ import annotations

from datetime import datetime

from core.mail import queue_templated_email
from hearing.models.responses import ResponseVersion
from hearing.services.notifications import members_of


def send_receipts(version: ResponseVersion, *, now: datetime) -> int:
    """Queue the receipt to every active member of the body, each in their own language."""
    response = version.response
    consultee = response.consultee
    hearing = response.hearing
    queued = 0
    for user in members_of(consultee.body_id):
        email = queue_templated_email(
            user,
            "hearing_response_receipt",
            {
                "hearing_id": hearing.id,
                "body_id": consultee.body_id,
                "reference": hearing.reference,
                "title": hearing.title,
                "body_name": consultee.body.name(user.locale),
                "receipt_number": version.receipt_number,
                "version_number": version.number,
                "submitted_at": version.submitted_at,
                "sha256": version.sha256,
                "registered": version.is_registered,
                "late": version.late,
                "no_remarks": version.no_remarks,
                "submitted_by": version.submitted_by.name if version.submitted_by else "",
            },
            now=now,
            dedup_key=f"response-receipt:{version.receipt_number}:{user.id}",
            related=version,
        )
        queued += email is not None
    return queued
