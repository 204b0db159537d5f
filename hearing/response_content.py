"""The content of a response version as plain values, its canonical form, and stale drafts.

Pure code: standard library and ``hearing.canonical`` only, no Flask, no database.

Canonical content
=================
A submitted version is hashed as ``canonical.canonical_json`` of the mapping that
:func:`canonical_content` builds (``docs/responses.md`` shows an example). The text is
stored and published as it is, so it must never hold a confidential part. A confidential
part is replaced by a *salted digest*: ``{"confidential": true, "digest": D}`` where ``D``
is ``content_sha256(canonical_json({"part": <the part as it would have been written>,
"salt": S}))`` and ``S`` is 32 random hex digits kept with the part in the database (never
published). So the published hash covers the confidential parts too (change one letter
of them and ``D`` changes), anyone can check the hash of the published text, and the
secretariat, who holds the salts, can check the confidential parts. The salt stops anyone
from guessing a short confidential part ("covers") by hashing candidates.

A response marked confidential as a whole is written the same way one level up: the
top level keeps who answered what hearing when (body, version, receipt number, time,
channel, lateness), and everything else is one salted digest under ``content_digest``.

Stale drafts
============
A draft form carries the ``edit_version`` it was loaded at and a digest of every field
as it was then (``field_digests``). When someone else saved in between, :func:`merge`
compares the three sides per field: a field only the other person changed takes their
value, a field only this user changed keeps this user's value, and a field both changed
differently is a *conflict*: the save is refused and the form shows both texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hearing.canonical import canonical_json, content_sha256
from hearing.proposals import proposal_values

FORMAT = "integrationsbarometer.response/1"


@dataclass(frozen=True)
class AssessmentPart:
    goal_code: str
    assessment: str | None
    comment: str = ""
    confidential: bool = False
    confidential_reason: str | None = None
    salt: str | None = None


@dataclass(frozen=True)
class ProposalPart:
    kind: str
    target_goal_code: str | None = None
    target_indicator_code: str | None = None
    text: str = ""
    target_value: Decimal | None = None
    target_period: str | None = None
    decision_reference: str | None = None
    decision_date: date | None = None
    name: str | None = None
    definition: str | None = None
    unit: str | None = None
    direction: int | None = None
    source: str | None = None
    justification: str = ""
    confidential: bool = False
    confidential_reason: str | None = None
    salt: str | None = None


@dataclass(frozen=True)
class AttachmentPart:
    name: str
    sha256: str
    size: int
    confidential: bool = False
    confidential_reason: str | None = None
    salt: str | None = None


@dataclass(frozen=True)
class VersionContent:
    """Everything a version says, as plain values (the input of the canonical form)."""

    hearing_reference: str
    body_code: str
    number: int
    receipt_number: str
    submitted_at: datetime
    channel: str
    late: bool
    accepted_reason: str | None
    catalogue_version: int
    no_remarks: bool
    general_remarks: str
    assessments: Sequence[AssessmentPart] = field(default_factory=tuple)
    proposals: Sequence[ProposalPart] = field(default_factory=tuple)
    attachments: Sequence[AttachmentPart] = field(default_factory=tuple)
    confidential: bool = False
    confidential_reason: str | None = None
    confidential_salt: str | None = None


def salted_digest(part: Mapping[str, Any], salt: str | None) -> str:
    if not salt:
        raise ValueError("A confidential part needs its salt.")
    return content_sha256(canonical_json({"part": part, "salt": salt}))


def assessment_dict(a: AssessmentPart) -> dict[str, Any]:
    return {
        "goal": a.goal_code,
        "assessment": a.assessment,
        "comment": a.comment,
        "confidential": a.confidential,
        "confidential_reason": a.confidential_reason,
    }


def proposal_dict(number: int, p: ProposalPart) -> dict[str, Any]:
    values = proposal_values(p)
    # Normalised: the column keeps four decimals, so "8.5" is read back as "8.5000".
    if p.target_value is not None:
        values["target_value"] = p.target_value.normalize()
    return {"number": number, **values}


def attachment_dict(number: int, a: AttachmentPart) -> dict[str, Any]:
    return {
        "number": number,
        "name": a.name,
        "sha256": a.sha256,
        "size": a.size,
        "confidential": a.confidential,
        "confidential_reason": a.confidential_reason,
    }


def _public_or_digest(
    full: dict[str, Any], confidential: bool, salt: str | None, keep: Sequence[str]
) -> dict[str, Any]:
    if not confidential:
        return full
    return {
        **{k: full[k] for k in keep},
        "confidential": True,
        "digest": salted_digest(full, salt),
    }


def _body_of(content: VersionContent) -> dict[str, Any]:
    return {
        "no_remarks": content.no_remarks,
        "general_remarks": content.general_remarks,
        "coverage": [
            _public_or_digest(assessment_dict(a), a.confidential, a.salt, ("goal",))
            for a in content.assessments
        ],
        "proposals": [
            _public_or_digest(proposal_dict(n, p), p.confidential, p.salt, ("number",))
            for n, p in enumerate(content.proposals, start=1)
        ],
        "attachments": [
            _public_or_digest(attachment_dict(n, a), a.confidential, a.salt, ("number",))
            for n, a in enumerate(content.attachments, start=1)
        ],
    }


def canonical_content(content: VersionContent) -> dict[str, Any]:
    """The mapping that is canonicalised and hashed (see the module docstring)."""
    head: dict[str, Any] = {
        "format": FORMAT,
        "hearing": content.hearing_reference,
        "body": content.body_code,
        "version": content.number,
        "receipt_number": content.receipt_number,
        "submitted_at": content.submitted_at,
        "channel": content.channel,
        "late": content.late,
        "accepted_reason": content.accepted_reason,
        "catalogue_version": content.catalogue_version,
    }
    body = _body_of(content)
    if not content.confidential:
        return {**head, **body, "confidential": False}
    whole = {**body, "confidential_reason": content.confidential_reason}
    return {
        **head,
        "confidential": True,
        "content_digest": salted_digest(whole, content.confidential_salt),
    }


def canonical_text(content: VersionContent) -> str:
    return canonical_json(canonical_content(content))


def verify(canonical: str, sha256: str) -> bool:
    """Whether ``sha256`` is the hash of ``canonical`` (what anyone can check)."""
    return content_sha256(canonical) == sha256


# --------------------------------------------------------------------------- stale drafts


def field_digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def field_digests(values: Mapping[str, str]) -> dict[str, str]:
    return {key: field_digest(value) for key, value in values.items()}


@dataclass(frozen=True)
class Merge:
    values: dict[str, str]
    taken_from_others: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(base: Mapping[str, str], mine: Mapping[str, str], theirs: Mapping[str, str]) -> Merge:
    """Three-way merge of flat draft fields; ``base`` holds the digests the form was loaded at.

    A key missing from ``base`` counts as empty then; a key missing from a side is empty.
    """
    empty = field_digest("")
    values: dict[str, str] = {}
    taken, conflicts = [], []
    for key in sorted(set(mine) | set(theirs)):
        was = base.get(key, empty)
        my_value, their_value = mine.get(key, ""), theirs.get(key, "")
        i_changed = field_digest(my_value) != was
        they_changed = field_digest(their_value) != was
        if they_changed and not i_changed:
            values[key] = their_value
            taken.append(key)
        else:
            values[key] = my_value
            if they_changed and i_changed and my_value != their_value:
                conflicts.append(key)
    return Merge(values, tuple(taken), tuple(conflicts))
