"""The archive package for the records system: every document of a decided hearing with
its hash, metadata as JSON and XML that agree, the same package twice, and only for the
secretariat."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.wsgi import FileWrapper

from hearing import archive
from hearing.services.decision import record_decision
from tests.factories import commit
from tests.hearing.consolidation_factories import LATER
from tests.hearing.factories import secretariat
from tests.hearing.test_decision_services import _data, _prepared
from tests.web import login


@pytest.fixture
def decided(app: Flask, db: Any, configured: Any) -> Any:
    configured(HEARING_KLE="27.24.00")
    hearing, groups = _prepared()
    record_decision(hearing, _data(groups), actor=secretariat(), now=LATER)
    commit()
    return hearing


def _open(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_package_holds_every_document_with_its_hash(client: FlaskClient, decided: Any) -> None:
    login(client, "sek@example.dk")
    answer = client.get(f"/hearings/{decided.id}/archive.zip")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert "hoering-BIU-227-2006-arkiv.zip" in answer.headers["Content-Disposition"]
    assert "no-store" in answer.headers["Cache-Control"]
    package = _open(answer.data)
    meta = json.loads(package.read("metadata.json"))
    assert meta["case_reference"] == "BIU 227/2006" and meta["kle"] == "27.24.00"
    listed = {d["path"]: d for d in meta["documents"]}
    assert set(package.namelist()) == {*listed, "metadata.json", "metadata.xml"}
    for path, doc in listed.items():
        data = package.read(path)
        assert hashlib.sha256(data).hexdigest() == doc["sha256"] and len(data) == doc["bytes"]
    kinds = [d["type"] for d in meta["documents"]]
    assert kinds[0] == "letter" and "annex" in kinds and "decision" in kinds
    responses = [d for d in meta["documents"] if d["type"] == "response"]
    assert {d["sender"] for d in responses} == {"ØU", "BUU", "IR", "TMU"}
    for doc in responses:
        text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(package.read(doc["path"]))).pages
        )
        assert "Kvittering" in text or "kvittering" in text
    letter = PdfReader(io.BytesIO(package.read("01-hoeringsbrev.pdf")))
    assert "integrationspolitik" in "".join(p.extract_text() for p in letter.pages)
    decision = json.loads(package.read("05-beslutning.json"))
    assert decision["outcomes"]
    # The XML says the same as the JSON.
    root = ET.fromstring(package.read("metadata.xml"))  # noqa: S314 - our own file
    assert root.findtext("case_reference") == "BIU 227/2006"
    xml_docs = root.findall("documents/document")
    assert [d.findtext("sha256") for d in xml_docs] == [d["sha256"] for d in meta["documents"]]


def test_the_same_hearing_gives_the_same_package(
    app: Flask, client: FlaskClient, decided: Any, tmp_path: Path
) -> None:
    login(client, "sek@example.dk")
    first = client.get(f"/hearings/{decided.id}/archive.zip").data
    runner = app.test_cli_runner()
    result = runner.invoke(args=["hearing", "archive", str(decided.id), str(tmp_path)])
    assert result.exit_code == 0, result.output
    second = (tmp_path / "hoering-BIU-227-2006-arkiv.zip").read_bytes()
    assert _open(first).read("metadata.json") == _open(second).read("metadata.json")
    assert _open(first).read("metadata.xml") == _open(second).read("metadata.xml")
    assert first == second


def test_only_the_secretariat_gets_the_package(
    client: FlaskClient, decided: Any, tmp_path: Path
) -> None:
    assert client.get(f"/hearings/{decided.id}/archive.zip").status_code in (302, 401)
    login(client, "buu@example.dk")
    assert client.get(f"/hearings/{decided.id}/archive.zip").status_code == 403
    runner = client.application.test_cli_runner()
    result = runner.invoke(args=["hearing", "archive", "999999", str(tmp_path)])
    assert result.exit_code != 0 and "No issued hearing 999999" in result.output


def test_the_route_sends_the_package_from_a_temporary_file_in_chunks(
    app: Flask, client: FlaskClient, decided: Any
) -> None:
    """Written document by document into a file, not made whole in memory: the server's
    file wrapper is handed a real (unnamed) file, closed once sent, with the package's
    bytes."""
    handed: list[Any] = []

    class Recording(FileWrapper):
        def __init__(self, file: Any, buffer_size: int = 8192) -> None:
            handed.append(file)
            super().__init__(file, buffer_size)

    login(client, "sek@example.dk")
    answer = client.get(
        f"/hearings/{decided.id}/archive.zip", environ_overrides={"wsgi.file_wrapper": Recording}
    )
    assert answer.status_code == 200
    assert len(handed) == 1 and not isinstance(handed[0], io.BytesIO)
    assert int(answer.headers["Content-Length"]) == len(answer.data)
    answer.close()  # as the server does once it has sent the answer
    assert handed[0].closed
    with app.test_request_context("/"):
        assert answer.data == archive.package(decided)


def test_the_demo_s_2007_hearing_gives_a_package_of_every_document_with_its_hash(
    app: Flask, db: Any, tmp_path: Path
) -> None:
    """The issue's "done when": the demo's decided 2007 hearing, packed by the command."""
    from sqlalchemy import select

    from hearing.demo.hearings import FIRST_REFERENCE
    from hearing.models import Hearing
    from hearing.queries import consolidation as cq
    from hearing.queries import responses as rq
    from tests.demo_cache import load_demo_once
    from tests.pdf_structure import assert_tagged_pdf

    load_demo_once()
    commit()
    hearing = db.session.scalar(select(Hearing).where(Hearing.reference == FIRST_REFERENCE))
    assert hearing is not None and hearing.state == "decided"
    result = app.test_cli_runner().invoke(
        args=["hearing", "archive", str(hearing.id), str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    [path] = tmp_path.glob("*.zip")
    package = _open(path.read_bytes())
    meta = json.loads(package.read("metadata.json"))
    assert meta["case_reference"] == hearing.reference
    listed = {d["path"]: d for d in meta["documents"]}
    assert set(package.namelist()) == {*listed, "metadata.json", "metadata.xml"}
    for name, doc in listed.items():
        data = package.read(name)
        assert hashlib.sha256(data).hexdigest() == doc["sha256"] and len(data) == doc["bytes"]
        assert doc["title"] and doc["date"] and doc["sender"], name
    kinds = [d["type"] for d in meta["documents"]]
    assert kinds.count("letter") == 1 and kinds.count("decision") == 1
    assert kinds.count("annex") == len(hearing.annexes)
    # Every submitted version of every body's response, with its receipt number and hash.
    versions = list(rq.iter_versions(hearing))
    responses = [d for d in meta["documents"] if d["type"] == "response"]
    assert len(responses) == len(versions) >= 3
    for doc, version in zip(responses, versions, strict=True):
        assert version.receipt_number in doc["title"] and version.sha256 in doc["title"]
    assert "registered_letter" in kinds  # the demo's responses that came by letter
    # The final note, the secretariat's and the public one.
    note = cq.latest_note(hearing)
    assert note is not None and note.finalised
    assert {"04-hoeringsnotat.pdf", "04-hoeringsnotat-offentlig.pdf"} <= set(listed)
    # Every PDF the product made for the package is tagged (uploaded scans are not ours).
    ours = [d for d in meta["documents"] if d["type"] in ("letter", "response", "hearing_note")]
    ours += [d for d in meta["documents"] if d["path"].startswith("02-bilag-1-")]
    for doc in ours:
        assert_tagged_pdf(package.read(doc["path"]), lang="da")


def test_a_large_hearing_s_package_is_packed_only_in_the_background(
    client: FlaskClient, decided: Any, configured: Any
) -> None:
    """A package of many bodies takes minutes (bench/README.md, ``exports``): the request
    must not pack it. The link is not offered, and asked for anyway it offers the job."""
    from sqlalchemy import func, select

    from core.extensions import db as _db
    from core.job_models import Job

    bodies = len(decided.consultees)
    jobs_before = _db.session.scalar(select(func.count()).select_from(Job))
    login(client, "sek@example.dk")
    decision_page = client.get(f"/hearings/{decided.id}/decision").get_data(as_text=True)
    assert f"/hearings/{decided.id}/archive.zip" in decision_page  # a small hearing: both

    configured(ARCHIVE_INLINE_MAX_BODIES=bodies - 1)
    decision_page = client.get(f"/hearings/{decided.id}/decision").get_data(as_text=True)
    assert f"/hearings/{decided.id}/archive.zip" not in decision_page
    assert f"en høring med {bodies} parter pakkes i baggrunden" in decision_page
    assert f'action="/hearings/{decided.id}/archive"' in decision_page
    answer = client.get(f"/hearings/{decided.id}/archive.zip")
    assert answer.status_code == 409
    assert answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    assert f"Høringen har {bodies} parter" in page
    assert f'action="/hearings/{decided.id}/archive"' in page
    assert _db.session.scalar(select(func.count()).select_from(Job)) == jobs_before  # no job
