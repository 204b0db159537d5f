"""What the audit log calls the hearing's objects, the fields its labels do not name, and how
their stored values read: a state, an assessment, a recommendation, a body by its id."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from core.extensions import db
from core.labels import body_code
from core.models import User
from hearing import labels
from hearing.forms.consolidation import RECOMMENDATION_LABELS, RESULT_LABELS

OBJECT_TYPES = {
    "Hearing": _l("Hearing"),
    "Consultee": _l("Body on the hearing list"),
    "Annex": _l("Annex"),
    "Response": _l("Response"),
    "ResponseVersion": _l("Version of a response"),
    "ResponseAttachment": _l("Attachment"),
    "Proposal": _l("Proposal"),
    "proposal_group": _l("Group of proposals"),
    "recommendation": _l("Recommendation"),
    "focus_area_summary": _l("Summary of a focus area"),
    "hearing_note": _l("Hearing note"),
    "decision": _l("Decision"),
}
FIELDS = {
    "retention_until": _l("Personal data erased on"),
    "scans_removed": _l("Scanned letters removed"),
    "emails_erased": _l("E-mails erased"),
    "job": _l("Job"),
    "stored_hours": _l("Hours a package is kept"),
    "accepted_reason": _l("Reason for accepting the late response"),
    "bodies": _l("Bodies"),
    "body": _l("Body"),
    "days_before": _l("Days before the deadline"),
    "conflicts": _l("Conflicts with other decisions"),
    "derived_from_confidential": _l("Derived from confidential content"),
    "finalised": _l("Finalised"),
    "groups": _l("Groups of proposals"),
    "issuing_body_id": _l("Issuing body"),
    "reply_body_id": _l("Replies go to"),
    "signatory_id": _l("Signatory"),
    "late": _l("Late"),
    "no_remarks": _l("No remarks"),
    "proposals": _l("Proposals"),
    "rewrite_confirmed": _l("Rewrite confirmed"),
    "rewrite_confirmed_at": _l("Rewrite confirmed"),
    "resolution": _l("Resolution"),
    "sha256": _l("Fingerprint (SHA-256)"),
    "target_goal_code": _l("Goal"),
    "targets": _l("Goals and indicators"),
    "version": _l("Version"),
    "annex": _l("Annex"),
    "consultee": _l("Body on the hearing list"),
    "focus_area_summary.text": _l("Summary"),
}
RESOLUTIONS = {"applied": _l("The decision's change applied"), "kept": _l("The catalogue kept")}


def _state(value: Any) -> str | None:
    if value in labels.HEARING_STATE_LABELS:
        return labels.hearing_state_label(value)
    if value in labels.RESPONSE_STATE_LABELS:
        return labels.response_state_label(value)
    return None


def _user(value: Any) -> str | None:
    if isinstance(value, bool) or not str(value).isdigit():
        return None
    user = db.session.get(User, int(value))
    return user.name if user is not None else str(value)


def _from(table: dict[Any, Any]) -> Any:
    return lambda value: str(table[value]) if value in table else None


def _outcomes(value: Any) -> str | None:
    """The committee's outcome per group of proposals."""
    if not isinstance(value, dict):
        return None
    read = _from(RESULT_LABELS)
    return "; ".join(f"{group}: {read(result) or result}" for group, result in value.items())


def coverage_value(name: str, value: Any) -> str | None:
    """A body's assessment of a goal's coverage (``coverage.A1-M1.assessment``)."""
    if name.startswith("coverage.") and name.endswith(".assessment"):
        return labels.assessment_label(value)
    return None


VALUES = {
    "state": _state,
    "outcome": _from(RECOMMENDATION_LABELS),
    "outcomes": _outcomes,
    "resolution": _from(RESOLUTIONS),
    "issuing_body_id": body_code,
    "reply_body_id": body_code,
    "signatory_id": _user,
}
