"""The public site and the staff pages of editions through the test client (CSRF on)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select

from barometer.models import Edition, EditionState, Measurement, PublicRendering
from barometer.services import catalogue_nodes
from barometer.services import catalogue_versions as cat
from barometer.services import editions as svc
from tests.barometer.edition_factories import (
    ASSESSMENT,
    NOW,
    make_draft,
    make_periods,
    make_published,
)
from tests.barometer.factories import indicator, indicator_data
from tests.barometer.reading_factories import make_large_catalogue, make_period
from tests.factories import make_member, make_secretariat
from tests.web import login, post, text_of

PUBLIC = ("/barometer/", "/barometer/editions/", "/barometer/editions/{id}/",
          "/barometer/editions/{id}/indicators/A1-M1-I1")  # fmt: skip
FILES = ("report.pdf", "data.csv", "data.json", "datapackage.json")


@pytest.fixture
def published(db: Any, configured: Any) -> Edition:
    configured(EDITIONS_RENDER_PDF_ON_PUBLISH=False)
    make_periods()
    first = make_published("2007-H1")
    edition = make_published("2007-H2")
    make_draft("2007-H2")  # a draft is never public
    make_secretariat()
    make_member(email="member@example.dk")
    db.session.commit()
    assert first.id < edition.id
    return edition


def _pages(edition: Edition) -> list[str]:
    return [p.format(id=edition.id) for p in PUBLIC] + [
        f"/barometer/editions/compare?a={edition.id - 1}&b={edition.id}"
    ]


def test_every_public_page_opens_without_log_in_in_both_languages(
    client: FlaskClient, published: Edition
) -> None:
    for path in _pages(published):
        for lang in ("da", "en"):
            url = path + ("&" if "?" in path else "?") + "lang=en" if lang == "en" else path
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'<html lang="{lang}">' in text_of(response)
            assert "Set-Cookie" not in response.headers
    page = text_of(client.get(f"/barometer/editions/{published.id}/"))
    assert "Barometeret er ikke en evaluering" in page
    assert "mentorordninger" in page and published.sha256 in page
    assert "Udgavens SHA-256" in page and "Rapport (PDF)" in page
    english = text_of(client.get(f"/barometer/editions/{published.id}/?lang=en"))
    assert "The barometer is not an evaluation" in english and "Report (PDF)" in english


def test_the_index_shows_the_latest_published_edition_never_a_draft(
    client: FlaskClient, published: Edition
) -> None:
    page = text_of(client.get("/barometer/"))
    assert "Integrationsbarometer, 2. halvår 2007" in page
    draft = db_draft()
    assert client.get(f"/barometer/editions/{draft.id}/").status_code == 404
    assert client.get(f"/barometer/editions/{draft.id}/data.csv").status_code == 404
    assert client.get(f"/barometer/editions/{draft.id}/report.pdf").status_code == 404
    assert client.get("/barometer/editions/compare?a=1&b=x").status_code == 400
    assert client.get("/barometer/?lang=xx").status_code == 400


def db_draft() -> Edition:
    from core.extensions import db

    return db.session.scalar(select(Edition).where(Edition.state == EditionState.DRAFT))


def test_pages_carry_a_strong_etag_and_answer_304(client: FlaskClient, published: Edition) -> None:
    for path in [*_pages(published), *(f"/barometer/editions/{published.id}/{f}" for f in FILES)]:
        first = client.get(path)
        etag = first.headers["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{64}"', etag), path
        assert "max-age=" in first.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.data == b""
    pdf = client.get(f"/barometer/editions/{published.id}/report.pdf")
    assert pdf.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_browsers_get_the_same_page_compressed_with_its_own_etag(
    client: FlaskClient, published: Edition
) -> None:
    import gzip

    path = f"/barometer/editions/{published.id}/"
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 3
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + '-gz"'
    again = client.get(
        path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304
    assert "Content-Encoding" not in plain.headers


def _change_everything_later(db: Any) -> None:
    """A corrected measurement, a new period, and a new approved catalogue version."""
    from barometer.models import Policy

    m = db.session.scalars(select(Measurement)).first()
    m.value = Decimal("12.3")
    make_period("2008-H1")
    policy = db.session.scalar(select(Policy))
    draft = cat.create_draft(policy, label="Version 2", actor=None, now=NOW)
    target = indicator(draft, "A1-M1-I1")
    catalogue_nodes.update_indicator(
        target, indicator_data("A1-M1-I1", name_da="Omdøbt indikator"), actor=None, now=NOW
    )
    cat.approve_version(
        draft, decision_text="BIU 1/2008", decision_date=NOW.date(), actor=None, now=NOW
    )
    db.session.commit()


def test_later_changes_leave_every_output_of_a_published_edition_byte_identical(
    client: FlaskClient, published: Edition, db: Any
) -> None:
    paths = [*_pages(published)]
    paths += [p + ("&" if "?" in p else "?") + "lang=en" for p in _pages(published)]
    paths += [f"/barometer/editions/{published.id}/{f}" for f in FILES]
    paths += [f"/api/v1/editions/{published.id}", "/api/v1/editions/latest", "/api/v1/editions"]
    before = {p: client.get(p).data for p in paths}
    _change_everything_later(db)
    # Forget every cached rendering too: the pages must come out the same from the snapshot.
    db.session.execute(delete(PublicRendering))
    db.session.commit()
    after = {p: client.get(p).data for p in paths}
    for path in paths:
        assert after[path] == before[path], path
    assert b"Omd\xc3\xb8bt" not in after[f"/barometer/editions/{published.id}/"]


def test_a_cached_page_costs_the_same_few_statements_whatever_the_size(
    client: FlaskClient, db: Any, count_statements: Any
) -> None:
    counts = []
    for size in (6, 60):
        version, _ = make_large_catalogue(size, 2)
        data = svc.EditionData("2007-H2", version.number)
        svc.publish(svc.create_draft(data, actor=None, now=NOW), actor=None, now=NOW,
                    render_documents=False, acknowledged=True)  # fmt: skip
        db.session.commit()
        assert f"S{size}-0000" in text_of(client.get("/barometer/"))  # stored at publication
        count_statements.count = 0
        assert client.get("/barometer/").status_code == 200
        counts.append(count_statements.count)
    assert counts[0] == counts[1] <= 2


def test_staff_publish_through_a_confirmation_that_lists_what_will_be_published(
    client: FlaskClient, published: Edition, db: Any
) -> None:
    login(client, "sek@example.dk")
    response = post(client, "/barometer/editions/new", {"period": "2007-H1", "version": "1"})
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].split("/")[-2])
    preview = client.get(f"/barometer/editions/{draft_id}/preview")
    assert preview.status_code == 200 and "Forhåndsvisning af udkast" in text_of(preview)
    confirm = client.get(f"/barometer/editions/{draft_id}/publish")
    page = text_of(confirm)
    assert "1. halvår 2007" in page and "Koncept for integrationsbarometer" in page
    assert "Manglende værdier" in page and "Uden vurdering:" in page
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page)
    assert fingerprint
    done = post(client, f"/barometer/editions/{draft_id}/publish",
                {"fingerprint": fingerprint.group(1), "acknowledged": "y"})  # fmt: skip
    assert done.status_code == 302
    assert db.session.get(Edition, draft_id).is_published


def test_a_stale_confirmation_publishes_nothing(
    client: FlaskClient, published: Edition, db: Any
) -> None:
    login(client, "sek@example.dk")
    draft = db_draft()
    response = post(client, f"/barometer/editions/{draft.id}/publish", {"fingerprint": "0" * 64})
    assert response.status_code == 409
    db.session.expire_all()
    assert not db.session.get(Edition, draft.id).is_published


def test_a_correction_links_both_ways(client: FlaskClient, published: Edition, db: Any) -> None:
    login(client, "sek@example.dk")
    response = post(client, f"/barometer/editions/{published.id}/correct",
                    {"reason": "Forkert tal for A1-M1-I1"})  # fmt: skip
    assert response.status_code == 302
    draft_id = int(response.headers["Location"].split("/")[-2])
    svc.publish(
        db.session.get(Edition, draft_id),
        actor=None,
        now=NOW,
        render_documents=False,
        acknowledged=True,
    )
    db.session.commit()
    old = text_of(client.get(f"/barometer/editions/{published.id}/"))
    new = text_of(client.get(f"/barometer/editions/{draft_id}/"))
    assert f"/barometer/editions/{draft_id}/" in old and "Denne udgave er rettet af" in old
    assert f"/barometer/editions/{published.id}/" in new and "Forkert tal for A1-M1-I1" in new


def test_staff_pages_need_the_secretariat(client: FlaskClient, published: Edition) -> None:
    assert client.get("/barometer/editions/new").status_code == 302  # to the log-in page
    login(client, "member@example.dk")
    assert client.get("/barometer/editions/new").status_code == 403
    assert client.get(f"/barometer/editions/{db_draft().id}/preview").status_code == 403


def test_the_assessment_is_in_the_published_page(client: FlaskClient, published: Edition) -> None:
    assert "Østerbro" in text_of(client.get("/barometer/")) and ASSESSMENT
