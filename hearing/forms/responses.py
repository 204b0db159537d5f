"""Forms of responses. Each validates and hands plain data on through ``to_data()``.

The response form has one group of fields per goal of the consulted version, so its class
is built for the goals at hand (:func:`response_form`). Field names use the goal's index
(``g3_assessment``); the flat keys of the stale-edit merge use its code
(``coverage.A1-M2.assessment``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from core.forms import Form, choices
from hearing.labels import ASSESSMENT_LABELS
from hearing.services.response_drafts import AssessmentData, DraftData

ASSESSMENT_CHOICES = [("", _l("Not assessed yet"))] + [
    (a.value, label) for a, label in ASSESSMENT_LABELS.items()
]
TEXT = 10_000
REASON = 1_000
REASON_HINT = _l("Required when the part is confidential. Seen by the secretariat only.")


class ResponseForm(Form):
    """The draft: coverage per goal (added per goal by :func:`response_form`), remarks."""

    general_remarks = TextAreaField(
        _l("General remarks"), validators=[Optional(), Length(max=TEXT)]
    )
    confidential = BooleanField(_l("The whole response is confidential"))
    confidential_reason = TextAreaField(
        _l("Why the response is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    attachment = FileField(_l("Attach a PDF"), description=_l("Only PDF documents."))
    attachment_confidential = BooleanField(_l("The attachment is confidential"))
    attachment_reason = StringField(
        _l("Why the attachment is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    edit_version = HiddenField()
    base = HiddenField()

    codes: tuple[str, ...] = ()

    def goal_fields(self, index: int) -> tuple[Any, Any, Any, Any]:
        return (
            self[f"g{index}_assessment"],
            self[f"g{index}_comment"],
            self[f"g{index}_confidential"],
            self[f"g{index}_reason"],
        )

    def expected_version(self) -> int:
        value = self.edit_version.data or ""
        return int(value) if value.isdigit() else -1

    def base_digests(self) -> dict[str, str] | None:
        try:
            value = json.loads(self.base.data or "")
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        return {str(k): str(v) for k, v in value.items()}

    def to_data(self) -> DraftData:
        assessments = []
        for i, code in enumerate(self.codes):
            value, comment, confidential, reason = self.goal_fields(i)
            assessments.append(
                AssessmentData(
                    code,
                    value.data or None,
                    comment.data or "",
                    bool(confidential.data),
                    reason.data or "",
                )
            )
        return DraftData(
            general_remarks=self.general_remarks.data or "",
            confidential=bool(self.confidential.data),
            confidential_reason=self.confidential_reason.data or "",
            assessments=tuple(assessments),
        )


def add_goal_fields(cls: type, codes: Sequence[str]) -> None:
    for i, code in enumerate(codes):
        setattr(
            cls,
            f"g{i}_assessment",
            RadioField(
                _l("Do the indicators cover goal %(code)s?", code=code),
                choices=choices(ASSESSMENT_CHOICES),
                default="",
                validators=[Optional()],
            ),
        )
        setattr(
            cls,
            f"g{i}_comment",
            TextAreaField(
                _l("Comment on %(code)s", code=code), validators=[Optional(), Length(max=TEXT)]
            ),
        )
        setattr(cls, f"g{i}_confidential", BooleanField(_l("The comment is confidential")))
        setattr(
            cls,
            f"g{i}_reason",
            StringField(
                _l("Why the comment is confidential"),
                validators=[Optional(), Length(max=REASON)],
                description=REASON_HINT,
            ),
        )


def response_form(codes: Sequence[str], *args: Any, **kwargs: Any) -> ResponseForm:
    """A response form with a group of fields for each goal code, in this order."""

    class _ResponseForm(ResponseForm):
        pass

    add_goal_fields(_ResponseForm, codes)
    _ResponseForm.codes = tuple(codes)
    return _ResponseForm(*args, **kwargs)


def form_values(flat: Mapping[str, str], codes: Sequence[str]) -> dict[str, Any]:
    """The form's field data for the flat draft fields (after a stale-edit merge)."""
    values: dict[str, Any] = {
        "general_remarks": flat.get("general_remarks", ""),
        "confidential": bool(flat.get("confidential")),
        "confidential_reason": flat.get("confidential_reason", ""),
    }
    for i, code in enumerate(codes):
        prefix = f"coverage.{code}."
        values[f"g{i}_assessment"] = flat.get(prefix + "assessment", "")
        values[f"g{i}_comment"] = flat.get(prefix + "comment", "")
        values[f"g{i}_confidential"] = bool(flat.get(prefix + "confidential"))
        values[f"g{i}_reason"] = flat.get(prefix + "confidential_reason", "")
    return values


def form_fields_of(
    keys: Sequence[str], flat: Mapping[str, str], codes: Sequence[str]
) -> dict[str, Any]:
    """The form's field data for the flat ``keys`` only, by form field name (the fields a
    background save took from someone else's save); ``key`` names each's flat key."""
    names = {"general_remarks": "general_remarks", "confidential": "confidential"}
    names["confidential_reason"] = "confidential_reason"
    for i, code in enumerate(codes):
        prefix = f"coverage.{code}."
        names |= {
            prefix + "assessment": f"g{i}_assessment",
            prefix + "comment": f"g{i}_comment",
            prefix + "confidential": f"g{i}_confidential",
            prefix + "confidential_reason": f"g{i}_reason",
        }
    values = form_values(flat, codes)
    return {names[key]: {"key": key, "value": values[names[key]]} for key in keys if key in names}


def typed_texts(form: ResponseForm) -> list[tuple[str, str]]:
    """The texts typed into the form (label, text), for a page that cannot save them."""
    texts = []
    for name in ("general_remarks", "confidential_reason"):
        field = form[name]
        if (field.data or "").strip():
            texts.append((str(field.label.text), field.data))
    for i in range(len(form.codes)):
        _value, comment, _confidential, reason = form.goal_fields(i)
        for field in (comment, reason):
            if (field.data or "").strip():
                texts.append((str(field.label.text), field.data))
    return texts


# -- an attachment's confidentiality ------------------------------------------------------------


class AttachmentForm(Form):
    confidential = BooleanField(_l("The attachment is confidential"))
    confidential_reason = StringField(
        _l("Why the attachment is confidential"),
        validators=[Optional(), Length(max=REASON)],
        description=REASON_HINT,
    )
    state = HiddenField()


# -- confirmations -------------------------------------------------------------------------------


class ConfirmForm(Form):
    """Submit, no remarks, amend, withdraw: a button with the draft's counter."""

    edit_version = HiddenField()

    def expected_version(self) -> int:
        value = self.edit_version.data or ""
        return int(value) if value.isdigit() else -1


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str
    confidential: bool
    reason: str


def attachment_of(form: ResponseForm) -> Upload | None:
    upload = form.attachment.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return Upload(
        upload.read(),
        upload.filename or "",
        bool(form.attachment_confidential.data),
        form.attachment_reason.data or "",
    )
