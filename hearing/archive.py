"""A hearing's archive package for the records system (ESDH: SBSYS, F2, GetOrganized).

A zip with the letter, the annexes, every submitted response version (its receipt as PDF,
with the response's own SHA-256, and its attachments: the scans of responses registered
from a letter or an e-mail among them), the final hearing note (the secretariat's full
version and the public one), the decision, and ``metadata.json`` with the same as
``metadata.xml``: for each document its title, date, type, sender and recipient body, size
and SHA-256, plus the case reference and the KLE classification (``HEARING_KLE``).
See docs/records.md.

Reproducible: the documents are made from frozen records (the letter as issued, the
receipts of submitted versions), the metadata has no time of packing, and every zip entry
carries the hearing's issue time, so the same hearing gives the same package.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from xml.etree import ElementTree as ET

from flask import current_app

from core import uploads
from core.clock import utcnow
from hearing import workflow
from hearing.models import AnnexKind, Hearing
from hearing.pdf import letter_pdf, overview_pdf, receipt_filename, receipt_pdf
from hearing.queries import consolidation as cq
from hearing.queries import responses as rq

FORMAT = "integrationsbarometer-hearing-archive"
LANG = "da"  # the records system files the Danish documents


@dataclass(frozen=True)
class Document:
    path: str
    title: str
    kind: str  # letter, annex, response, response_attachment, registered_letter, ...
    date: datetime | None
    sender: str  # a body's code ("" for none)
    recipients: tuple[str, ...]
    data: bytes

    def describe(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "type": self.kind,
            "date": workflow.to_local(self.date).isoformat() if self.date else None,
            "sender": self.sender,
            "recipients": list(self.recipients),
            "bytes": len(self.data),
            "sha256": hashlib.sha256(self.data).hexdigest(),
        }


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9ÆØÅæøå._-]+", "-", name).strip("-") or "fil"


def _folder() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def _letter_and_annexes(hearing: Hearing) -> Iterator[Document]:
    consulted = tuple(sorted(c.body.code for c in hearing.consultees))
    sender = hearing.issuing_body.code
    issued = hearing.issued_at
    yield Document(
        "01-hoeringsbrev.pdf", f"Høringsbrev: {hearing.title}", "letter", issued, sender,
        consulted, letter_pdf(hearing, lang=LANG, now=issued or utcnow()),
    )  # fmt: skip
    for annex in sorted(hearing.annexes, key=lambda a: a.number):
        if annex.kind == AnnexKind.OVERVIEW_TABLE and not annex.stored_name:
            data = overview_pdf(hearing)
        else:
            data = uploads.read_stored(annex.stored_name or "", folder=_folder())
        yield Document(
            f"02-bilag-{annex.number}-{_safe(annex.original_name)}",
            f"Bilag {annex.number}: {annex.title}", "annex", issued, sender, consulted, data,
        )  # fmt: skip


def _responses(hearing: Hearing) -> Iterator[Document]:
    reply = hearing.reply_body.code
    for version in rq.iter_versions(hearing):
        code = version.response.consultee.body.code
        base = f"03-svar/{_safe(code)}-version-{version.number}"
        yield Document(
            f"{base}-{receipt_filename(version)}",
            f"Høringssvar fra {code}, version {version.number} (kvittering "
            f"{version.receipt_number}, SHA-256 {version.sha256})",
            "response", version.submitted_at, code, (reply,),
            receipt_pdf(hearing, version, lang=LANG),
        )  # fmt: skip
        kind = "registered_letter" if version.channel != "system" else "response_attachment"
        for attachment in sorted(version.attachments, key=lambda a: a.position):
            if hearing.personal_data_purged_at and kind == "registered_letter":
                continue  # erased with the personal data (docs/privacy.md)
            yield Document(
                f"{base}-bilag-{attachment.position}-{_safe(attachment.original_name)}",
                f"Bilag til høringssvar fra {code}: {attachment.original_name}",
                kind, version.submitted_at, code, (reply,),
                uploads.read_stored(attachment.stored_name, folder=_folder()),
            )  # fmt: skip


def _note_and_decision(hearing: Hearing) -> Iterator[Document]:
    note = cq.latest_note(hearing)
    sender = hearing.reply_body.code
    if note is not None and note.finalised:
        for stored, path, title in (
            (note.full_stored_name, "04-hoeringsnotat.pdf", "Høringsnotat"),
            (note.stored_name, "04-hoeringsnotat-offentlig.pdf", "Høringsnotat, offentlig"),
        ):
            if stored:
                data = uploads.read_stored(stored, folder=_folder())
                yield Document(
                    path, f"{title}, version {note.number}", "hearing_note",
                    note.finalised_at, sender, (hearing.issuing_body.code,), data,
                )  # fmt: skip
    decision = cq.decision_of(hearing)
    if decision is not None:
        content = {
            "case_reference": decision.case_reference,
            "meeting_date": decision.meeting_date.isoformat(),
            "deciding_body": decision.deciding_body.code,
            "hearing_note_version": decision.note.number,
            "outcomes": sorted(
                (
                    {
                        "target": o.recommendation.group.target_code,
                        "recommendation": str(o.recommendation.outcome),
                        "result": str(o.result),
                    }
                    for o in decision.outcomes
                ),
                key=lambda d: (d["target"], d["recommendation"], d["result"]),
            ),
        }
        yield Document(
            "05-beslutning.json", f"Beslutning {decision.case_reference}", "decision",
            decision.recorded_at, decision.deciding_body.code, (sender,),
            (json.dumps(content, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode(),
        )  # fmt: skip


def iter_documents(hearing: Hearing) -> Iterator[Document]:
    """The documents in the package's order, one at a time (each made when asked for)."""
    yield from _letter_and_annexes(hearing)
    yield from _responses(hearing)
    yield from _note_and_decision(hearing)


def documents(hearing: Hearing) -> list[Document]:
    return list(iter_documents(hearing))


def metadata(hearing: Hearing, docs: list[Document] | list[dict[str, Any]]) -> dict[str, Any]:
    """The package's description; ``docs`` as documents or as their ``describe()``."""
    return {
        "format": FORMAT,
        "format_version": 1,
        "case_reference": hearing.reference,
        "title": hearing.title,
        "kle": current_app.config.get("HEARING_KLE", ""),
        "municipality": current_app.config["MUNICIPALITY_NAME"],
        "issuing_body": hearing.issuing_body.code,
        "reply_body": hearing.reply_body.code,
        "deadline": workflow.to_local(hearing.deadline).isoformat(),
        "state": str(hearing.state),
        "documents": [d.describe() if isinstance(d, Document) else d for d in docs],
    }


def metadata_json(meta: dict[str, Any]) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def metadata_xml(meta: dict[str, Any]) -> bytes:
    root = ET.Element("hearingArchive", {"format": FORMAT, "formatVersion": "1"})
    for key in ("case_reference", "title", "kle", "municipality", "issuing_body",
                "reply_body", "deadline", "state"):  # fmt: skip
        ET.SubElement(root, key).text = str(meta[key] or "")
    listed = ET.SubElement(root, "documents")
    for doc in meta["documents"]:
        item = ET.SubElement(listed, "document", {"type": doc["type"]})
        for key in ("path", "title", "date", "sender", "bytes", "sha256"):
            ET.SubElement(item, key).text = "" if doc[key] is None else str(doc[key])
        recipients = ET.SubElement(item, "recipients")
        for code in doc["recipients"]:
            ET.SubElement(recipients, "body").text = code
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_package(hearing: Hearing, out: BinaryIO) -> None:
    """Write the zip into ``out``: every document, then metadata.json and metadata.xml.

    The documents are made, compressed into the zip and let go one at a time (only their
    descriptions are kept for the metadata), so memory does not grow with the hearing's
    responses: give a temporary file as ``out`` and the package is never whole in memory.
    """
    stamp = workflow.to_local(hearing.issued_at or hearing.created_at).timetuple()[:6]

    def add(archive: zipfile.ZipFile, path: str, data: bytes) -> None:
        info = zipfile.ZipInfo(path, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        archive.writestr(info, data)

    described: list[dict[str, Any]] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for doc in iter_documents(hearing):
            add(archive, doc.path, doc.data)
            described.append(doc.describe())
        meta = metadata(hearing, described)
        add(archive, "metadata.json", metadata_json(meta))
        add(archive, "metadata.xml", metadata_xml(meta))


def package(hearing: Hearing) -> bytes:
    """The zip as bytes (for small hearings and the tests; the route streams a file)."""
    out = io.BytesIO()
    write_package(hearing, out)
    return out.getvalue()


def filename(hearing: Hearing) -> str:
    return f"hoering-{_safe(hearing.reference.replace('/', '-'))}-arkiv.zip"
