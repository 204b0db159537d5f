"""The whole yearly cycle in Chromium, once in Danish and once in English, on a clock the
test moves from January to September 2012, after the demo's history (editions 2007-H1 to
2011-H2, the 2011-2014 policy in force).

The secretariat makes a draft of the 2011-2014 policy's catalogue and changes an
indicator, and issues a hearing on it to three bodies. At BUU one member drafts and a
second completes and submits by keyboard alone; the receipt arrives by e-mail. KFU answers
"no remarks". While the hearing is open the secretariat starts a second hearing on the
approved version and is warned that the two overlap. IR is reminded and stays silent.
After the deadline a late amendment is refused. The secretariat consolidates (merge,
recommendations, note), records the committee's decision, reads the diff and approves the
new version. A data contact imports 2012-H1, the secretariat assesses and publishes it,
and an anonymous visitor reads the edition, the changed indicator and the hearing's
outcome, downloads the PDF and the CSV, and finds the same values in the API. axe-core
scans every page anyone lands on.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from core.extensions import db as _db
from core.mail import send_due_emails
from tests.browser.journey import Clock, Journey, Words, clock, demo_as_of_clock, tab_to
from tests.conftest import SmtpSink

__all__ = ["clock", "demo_as_of_clock"]  # fixtures used by this module

SECRETARIAT = "sekretariat@example.dk"
BUU, BUU_SECOND = "buu@example.dk", "bente@example.dk"
KFU, IR = "kfu@example.dk", "ir@example.dk"
DATA_CONTACT = "bif.data@example.dk"
REFERENCE = "BIU 3/2012"
SECOND_REFERENCE = "BIU 9/2012"
TITLE = "Høring over katalog 2012"
POLICY = "Integrationspolitik 2011-2014"
PERIOD = "2012-H1"
NEW_NAME = {
    "da": "Beskæftigelsesfrekvens for 16-64-årige indvandrere og efterkommere",
    "en": "Employment rate of immigrants and descendants aged 16-64",
}


@pytest.fixture(params=["da", "en"])
def journey(
    request: pytest.FixtureRequest,
    app: Flask,
    browser: Browser,
    clock: Clock,
    demo_as_of_clock: str,
) -> Iterator[Journey]:
    lang = request.param
    _second_buu_member(app)
    trip = Journey(app, browser, demo_as_of_clock, lang, clock, Words(app, lang))
    trip.in_force = _approved_version(app, POLICY)
    trip.draft = _next_version_number(app)
    started = time.monotonic()
    yield trip
    trip.close()
    print(f"\nThe yearly journey in {lang} took {time.monotonic() - started:.1f} s")


def _second_buu_member(app: Flask) -> None:
    from core.models import Body, User
    from core.passwords import hash_password
    from tests.browser.conftest import DEMO_PASSWORD
    from tests.factories import make_member

    with app.app_context():
        buu = _db.session.scalar(select(Body).where(Body.code == "BUU"))
        make_member(buu, email=BUU_SECOND).name = "Bente Børneudvalg"
        user = _db.session.scalar(select(User).where(User.email == BUU_SECOND))
        assert user is not None
        user.password_hash = hash_password(DEMO_PASSWORD)
        _db.session.commit()


def _approved_version(app: Flask, policy: str) -> int:
    """The number of ``policy``'s approved catalogue version."""
    from barometer.models import CatalogueVersion, Policy, VersionStatus

    with app.app_context():
        number = _db.session.scalar(
            select(CatalogueVersion.number)
            .join(Policy, CatalogueVersion.policy_id == Policy.id)
            .where(Policy.name == policy, CatalogueVersion.status == VersionStatus.APPROVED)
        )
    assert number, policy
    return number


def _next_version_number(app: Flask) -> int:
    """The number the next catalogue draft gets."""
    from sqlalchemy import func

    from barometer.models import CatalogueVersion

    with app.app_context():
        return 1 + (_db.session.scalar(select(func.max(CatalogueVersion.number))) or 0)


def _mail_to(app: Flask, sink: SmtpSink, address: str) -> list[str]:
    """Send what is due now, then the subjects ``address`` has received."""
    from core.clock import utcnow

    with app.app_context():
        send_due_emails(utcnow())
    return [
        str(m["Subject"])
        for m in sink.messages()
        if any(a.addr_spec == address for a in m["To"].addresses)
    ]


# -- January: the draft and the hearing -------------------------------------------------------


def _draft_and_change_an_indicator(j: Journey, page: Page) -> None:
    t = j.words
    j.menu(page, "Catalogue")
    policy = page.locator("section", has=page.get_by_role("heading", level=2, name=POLICY))
    policy.get_by_label(t("Label of the new version")).fill("Katalog 2012")
    policy.get_by_role("button", name=t("Make a draft of the next version")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        t("Version %(number)s", number=j.draft)
    )
    j.scan(page)
    page.get_by_role("link", name=f"{t('Edit')} BES-01", exact=True).click()
    j.scan(page)
    page.get_by_label(t("Name in Danish")).fill(NEW_NAME["da"])
    page.get_by_label(t("Name in English")).fill(NEW_NAME["en"])
    page.get_by_role("button", name=t("Save"), exact=True).click()
    j.flash(page, "The indicator was saved.")
    j.scan(page)


def _issue_the_hearing(j: Journey, page: Page) -> int:
    t = j.words
    j.menu(page, "Hearings")
    page.get_by_role("link", name=t("New hearing")).click()
    j.scan(page)
    page.locator("#reference").fill(REFERENCE)
    page.locator("#title").fill(TITLE)
    page.locator("#issuing_body_id").select_option(value=_body_id(j.app, "BIU"))
    page.locator("#version_id").select_option(value=_version_id(j.app, j.draft))
    page.locator("#letter_text").fill("Kære udvalg\n\nVi beder om jeres **bemærkninger**.")
    page.locator("#reply_body_id").select_option(value=_body_id(j.app, "LS"))
    page.locator("#deadline_date").fill("2012-02-08")
    page.get_by_role("button", name=t("Save draft")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Hearing list"))
    j.scan(page)
    for code in ("BUU", "KFU", "IR"):
        page.get_by_label(re.compile(rf"^{code} ")).check()
    page.get_by_role("button", name=t("Save the hearing list")).click()
    j.scan(page)
    hearing_id = int(page.url.rstrip("/").rsplit("/", 1)[-1])
    page.get_by_role("link", name=t("Issue the hearing"), exact=True).click()
    j.scan(page)
    page.get_by_role("button", name=t("Issue the hearing and send the invitations")).click()
    expect(page.get_by_text(t("Open for responses")).first).to_be_visible()
    j.scan(page)
    return hearing_id


def _a_second_hearing_overlaps(j: Journey, page: Page) -> None:
    """While the first hearing is open, the secretariat starts a second one on the approved
    version of the same policy and is warned that the two will overlap."""
    t = j.words
    j.menu(page, "Hearings")
    page.get_by_role("link", name=t("New hearing")).click()
    j.scan(page)
    page.locator("#reference").fill(SECOND_REFERENCE)
    page.locator("#title").fill("Høring om integrationspolitikkens mål")
    page.locator("#issuing_body_id").select_option(value=_body_id(j.app, "BIU"))
    page.locator("#version_id").select_option(value=_version_id(j.app, j.in_force))
    page.locator("#letter_text").fill("Kære udvalg\n\nHar I bemærkninger til målene?")
    page.locator("#reply_body_id").select_option(value=_body_id(j.app, "LS"))
    page.locator("#deadline_date").fill("2012-03-15")
    page.get_by_role("button", name=t("Save draft")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Hearing list"))
    warning = t(
        "Another hearing on the same policy is not decided yet: %(hearings)s. The hearings "
        "will overlap. Each can still be decided: the changes a decision approves are checked "
        "against what the other decision changed meanwhile, and where both change the same "
        "thing the secretariat chooses which counts.",
        hearings=f"{REFERENCE} ({t('Open for responses')})",
    )
    j.flash(page, "The hearing %(reference)s was saved as a draft.", reference=SECOND_REFERENCE)
    expect(page.locator(".app-flashes")).to_contain_text(warning)
    j.scan(page)
    second_id = int(re.search(r"/hearings/(\d+)", page.url).group(1))  # type: ignore[union-attr]
    page.goto(f"{j.site}/hearings/{second_id}")
    overlap = page.locator("#overlap-warning")
    expect(overlap).to_contain_text(warning)
    # The title exists only in Danish: an English page marks it so.
    title = f"{REFERENCE}: {TITLE}" + (" (kun på dansk / only in Danish)" if j.lang == "en" else "")
    expect(overlap.get_by_role("link", name=title, exact=True)).to_be_visible()
    j.scan(page)


def _body_id(app: Flask, code: str) -> str:
    from core.models import Body

    with app.app_context():
        return str(_db.session.scalar(select(Body.id).where(Body.code == code)))


def _version_id(app: Flask, number: int) -> str:
    from barometer.models import CatalogueVersion

    with app.app_context():
        return str(
            _db.session.scalar(select(CatalogueVersion.id).where(CatalogueVersion.number == number))
        )


# -- January and February: the responses ----------------------------------------------------


def _open_my_response(j: Journey, page: Page) -> None:
    j.menu(page, "My hearings")
    page.get_by_role("link", name=REFERENCE).first.click()
    j.scan(page)


def _first_member_drafts(j: Journey, page: Page) -> None:
    t = j.words
    _open_my_response(j, page)
    goal = page.locator("#goal-BES-M1")
    goal.get_by_label(t("Partly covers")).check()
    goal.locator("textarea").first.fill("Ordinær beskæftigelse mangler.")
    for text, value in (("Mindst 55 % i beskæftigelse", "55"), ("Flere kvinder i job", "50")):
        page.get_by_role("button", name=t("Add a success criterion")).click()
        j.scan(page)
        page.locator("#target_goal_code").select_option("BES-M1")
        page.locator("#text").fill(text)
        page.locator("#target_value").fill(value)
        page.locator("#target_period").fill("2014-H2")
        page.locator("#decision_reference").fill("BR 640/10")
        page.locator("#justification").fill("Målet står i integrationspolitikken.")
        page.get_by_role("button", name=t("Save the proposal")).click()
        j.flash(page, "The proposal was added to the draft.")
        j.scan(page)
    page.get_by_role("button", name=t("Save draft")).first.click()
    j.flash(page, "The draft was saved.")
    j.scan(page)


def _second_member_completes_and_submits_by_keyboard(j: Journey, page: Page) -> str:
    t = j.words
    _open_my_response(j, page)
    expect(page.locator("#goal-BES-M1 textarea").first).to_have_value(
        "Ordinær beskæftigelse mangler."
    )
    expect(page.locator("#proposals")).to_contain_text("Flere kvinder i job")
    page.locator("a.skipnav").focus()
    tab_to(page, page.locator("#goal-BES-M2 input[type=radio]").first)
    page.keyboard.press("Space")
    expect(page.locator("#goal-BES-M2 input[type=radio]").first).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Dækket af BES-03.")
    tab_to(page, page.get_by_role("button", name=t("Review and submit")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2, name=t("Submit the response"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dækket af BES-03.")
    j.scan(page)
    tab_to(page, page.get_by_role("button", name=t("Submit the response")))
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(t("Receipt %(number)s", number=""))
    j.scan(page)
    receipt = page.locator(".response-receipt")
    expect(receipt).to_contain_text("Bente Børneudvalg")
    number = re.search(r"\S+-BUU-\d+", heading.inner_text())
    assert number, heading.inner_text()
    return number.group(0)


def _kfu_answers_no_remarks(j: Journey, page: Page) -> None:
    t = j.words
    _open_my_response(j, page)
    page.get_by_role("button", name=t("Answer 'no remarks'")).first.click()
    j.scan(page)
    page.get_by_role("button", name=t("Submit 'no remarks'")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Receipt %(number)s", number=""))
    j.scan(page)


def _late_amendment_is_refused(j: Journey, page: Page) -> None:
    """BUU opens its submitted response just before the deadline and tries to amend it
    just after: refused, and the response says the deadline has passed."""
    t = j.words
    _open_my_response(j, page)
    amend = page.get_by_role("button", name=t("Amend the response"))
    expect(amend).to_be_visible()
    j.clock.set_local(2012, 2, 9, 0, 5)
    amend.click()
    j.scan(page)
    _open_my_response(j, page)
    expect(page.get_by_text(t("The response is read-only"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        t(
            "The deadline for %(body)s was %(deadline)s. After the deadline nothing can be "
            "changed, submitted or withdrawn. If the body still wants to answer, contact the "
            "secretariat, which can register a late response.",
            body="BUU",
            deadline=_deadline_text(j),
        )
    )
    expect(page.get_by_role("button", name=t("Amend the response"))).to_have_count(0)


def _deadline_text(j: Journey) -> str:
    return {"da": "8. februar 2012 kl. 23.59", "en": "8 February 2012, 23:59 CET"}[j.lang]


# -- February to April: consolidation, note, decision, approval ------------------------------


def _consolidate(j: Journey, page: Page, hearing_id: int) -> None:
    t = j.words
    j.menu(page, "Hearings")
    page.get_by_role("link", name=REFERENCE).first.click()
    expect(page.locator("main")).to_contain_text(t("Closed"))
    j.scan(page)
    page.get_by_role("button", name=t("Start the consolidation")).click()
    j.scan(page)
    page.get_by_role("link", name=t("Open the consolidation workspace")).first.click()
    j.scan(page)
    groups = page.locator('section.app-group[data-target="BES-M1"]')
    expect(groups).to_have_count(2)
    for n in range(2):
        groups.nth(n).get_by_label(t("Merge this group")).check()
    page.get_by_role("button", name=t("Merge the ticked groups")).click()
    j.flash(page, "The proposals were merged into one group.")
    j.scan(page)
    group = page.locator('section.app-group[data-target="BES-M1"]')
    expect(group).to_have_count(1)
    group.get_by_label(t("Recommendation")).select_option("accept")
    group.get_by_label(t("Reasoning")).fill("Kriteriet følger integrationspolitikken.")
    group.get_by_role("button", name=t("Save the recommendation")).click()
    j.flash(page, "The recommendation was saved.")
    j.scan(page)
    page.locator("#summary-BES").get_by_label(t("Summary")).fill(
        "BUU ønsker et succeskriterium for beskæftigelsen; KFU har ingen bemærkninger."
    )
    page.locator("#summary-BES").get_by_role("button", name=t("Save the summary")).click()
    j.flash(page, "The summary was saved.")
    j.scan(page)
    j.confirm(
        page,
        "Finalise the hearing note? The consolidation can no longer change once it is final.",
        page.get_by_role("button", name=t("Finalise the hearing note")),
    )
    j.flash(page, "The hearing note is final.")
    j.scan(page)
    page.get_by_role("link", name=t("Read the hearing note")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Hearing note"))
    expect(page.locator("main")).to_contain_text("Mindst 55 % i beskæftigelse")
    j.scan(page)


def _decide_and_approve(j: Journey, page: Page, hearing_id: int) -> None:
    t = j.words
    page.goto(f"{j.site}/hearings/{hearing_id}")
    j.scan(page)
    page.get_by_role("link", name=t("Record the committee's decision")).click()
    j.scan(page)
    page.get_by_label(t("Deciding body")).select_option(value=_body_id(j.app, "BIU"))
    page.get_by_label(t("Meeting date")).fill("2012-03-07")
    page.get_by_label(t("Case reference")).fill("BIU 31/2012")
    for fieldset in page.locator("form fieldset[id^=decision-]").all():
        fieldset.get_by_label(t("The committee's outcome")).select_option("approved")
    page.get_by_role("button", name=t("Record the decision")).click()
    j.flash(page, "The decision was recorded.")
    j.scan(page)
    expect(
        page.get_by_role(
            "heading",
            name=t("From version %(old)s to version %(new)s", old=j.draft, new=j.draft + 1),
        )
    ).to_be_visible()
    expect(page.locator("tr.app-diff-added")).to_contain_text(["Mindst 55 % i beskæftigelse"])

    page.goto(f"{j.site}/barometer/catalogue/versions/{j.draft + 1}")
    j.scan(page)
    page.get_by_role("link", name=t("Approve"), exact=True).click()
    j.scan(page)
    for name, value in (("#decision_text", "BIU 31/2012"), ("#decision_date", "2012-03-07")):
        field = page.locator(name)
        if field.count() and not field.input_value():
            field.fill(value)
    page.get_by_label(
        t("I confirm that this version is approved and can no longer be changed.")
    ).check()
    page.get_by_role("button", name=t("Approve the version")).click()
    j.flash(page, "Version %(number)s is approved.", number=j.draft + 1)
    j.scan(page)
    expect(page.locator("main")).to_contain_text(NEW_NAME[j.lang])


# -- August and September: measurements, assessment, publishing ------------------------------


PERIOD_LABEL = {"da": "1. halvår 2012", "en": "1st half 2012"}


def _open_the_period(j: Journey, page: Page) -> None:
    t = j.words
    j.menu(page, "Enter measurements")
    page.locator("#code").fill(PERIOD)
    page.locator("#deadline").fill("2012-08-31")
    page.get_by_role("button", name=t("Open the period")).click()
    j.flash(page, "The period %(code)s is open for measurements.", code=PERIOD)
    j.scan(page)


def _import_the_period(j: Journey, page: Page, folder: Path) -> str:
    """The data contact fills in the template and imports it; BES-01's new value."""
    t = j.words
    j.menu(page, "Enter measurements")
    page.get_by_role("link", name=PERIOD_LABEL[j.lang]).click()
    j.scan(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the template (XLSX)")).first.click()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    code_column = 1 + next(
        i for i, h in enumerate(headers) if h in ("Indikatorkode", "Indicator code")
    )
    previous = 1 + next(
        i for i, h in enumerate(headers) if h in ("Forrige værdi", "Previous value")
    )
    value = 1 + next(i for i, h in enumerate(headers) if h in ("Værdi", "Value"))
    filled_rows = 0
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, value).value = sheet.cell(row, previous).value
        if sheet.cell(row, code_column).value == "BES-01":
            sheet.cell(row, value).value = 51.3
        filled_rows += sheet.cell(row, value).value is not None
    filled = folder / f"maalinger-{PERIOD}.xlsx"
    book.save(filled)
    page.get_by_role("link", name=t("Import a spreadsheet")).first.click()
    j.scan(page)
    page.locator("#file").set_input_files(str(filled))
    page.get_by_role("button", name=t("Show what will change")).click()
    j.scan(page)
    page.get_by_role("button", name=t("Save the import")).click()
    j.flash(
        page,
        "Imported: %(new)s and %(corrected)s.",
        new=t.plural("%(num)s new value", "%(num)s new values", filled_rows),
        corrected=t.plural("%(num)s correction", "%(num)s corrections", 0),
    )
    j.scan(page)
    return "51,3" if j.lang == "da" else "51.3"


def _assess_and_publish(j: Journey, page: Page) -> None:
    t = j.words
    j.menu(page, "Reading")
    page.get_by_role("link", name=PERIOD_LABEL[j.lang]).click()
    j.scan(page)
    page.get_by_role(
        "link", name=re.compile("^" + re.escape(t("Write the assessment")))
    ).first.click()
    j.scan(page)
    page.locator("#text").fill("Beskæftigelsen stiger; **virksomhedspraktik** virker.")
    page.locator("#state").select_option("final")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    j.flash(page, "The assessment was saved.")
    j.scan(page)

    j.menu(page, "Editions")
    page.get_by_role("link", name=t("New edition")).click()
    j.scan(page)
    page.locator("#period").select_option(PERIOD)
    page.get_by_role("button", name=t("Create the draft")).click()
    # The preview and the public page use the public layout, which shows no flash message.
    expect(page).to_have_url(re.compile(r"/barometer/editions/\d+/preview"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERIOD_LABEL[j.lang])
    j.scan(page)
    page.goto(f"{j.site}/barometer/editions/manage")
    j.scan(page)
    page.get_by_role("link", name=re.compile("^" + re.escape(t("Publish")) + r"\b")).first.click()
    expect(page.locator("main")).to_contain_text(str(j.draft + 1))
    j.scan(page)
    # Only BIF's data contact reported: the other bodies' indicators are listed as missing,
    # and the secretariat publishes anyway.
    expect(page.locator("main")).to_contain_text("UDD-01")
    page.get_by_label(
        t("I have seen the missing values and assessments listed above and publish anyway.")
    ).check()
    page.get_by_role("button", name=t("Publish the edition")).click(timeout=90_000)
    # The report renders in the background; its job page follows it and then leads to the
    # public page in the publisher's language.
    expect(page).to_have_url(re.compile(r"/jobs/\d+$"))
    result = page.get_by_role("link", name=t("Open the result"))
    for _ in range(90):
        if result.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    j.scan(page)
    result.click()
    suffix = re.escape("?lang=en") if j.lang == "en" else ""
    expect(page).to_have_url(re.compile(r"/barometer/editions/\d+/" + suffix + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERIOD_LABEL[j.lang])
    j.scan(page)


# -- the public ------------------------------------------------------------------------------


def _the_public_reads_it(j: Journey, page: Page, hearing_id: int, value: str) -> None:
    t = j.words
    suffix = "?lang=en" if j.lang == "en" else ""
    page.goto(f"{j.site}/barometer/{suffix}")
    j.choose_language(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(PERIOD_LABEL[j.lang])
    expect(page.locator("main")).to_contain_text("virksomhedspraktik")
    j.scan(page)
    with page.expect_download() as csv_download:
        page.get_by_role("link", name=t("Data (CSV)")).click()
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8-sig")
    report = page.get_by_role("link", name=t("Report (PDF)")).get_attribute("href")
    pdf = page.request.get(j.site + (report or ""))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")

    page.get_by_role("link", name="BES-01").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NEW_NAME[j.lang])
    expect(page.locator("main")).to_contain_text(value)
    j.scan(page)
    edition_id = int(re.search(r"/editions/(\d+)/", page.url).group(1))  # type: ignore[union-attr]

    page.goto(f"{j.site}/hearings/public/{hearing_id}")
    j.choose_language(page)  # the hearing pages keep the choice in the session
    expect(page.get_by_role("heading", name=t("The outcome of the hearing"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("BIU 31/2012")
    j.scan(page)

    csv_values = {
        row["period"]: row["value"]
        for row in csv.DictReader(io.StringIO(csv_text), delimiter=";")
        if "BES-01" in row.values()
    }
    assert csv_values.get(PERIOD) == "51.3", csv_values
    latest = page.request.get(f"{j.site}/api/v1/editions/latest").json()
    assert latest["id"] == edition_id
    assert _values_of(latest["edition"], "BES-01").get(PERIOD) == "51.3"
    indicator = page.request.get(f"{j.site}/api/v1/indicators/BES-01").json()
    assert _values_of(indicator, "BES-01").get(PERIOD) == "51.3"
    assert NEW_NAME["da"] in json.dumps(indicator, ensure_ascii=False)


def _values_of(tree: Any, code: str, inside: bool = False) -> dict[str, str]:
    """{period: value} of the value records under ``code`` anywhere in an API answer."""
    found: dict[str, str] = {}
    if isinstance(tree, dict):
        inside = inside or code in tree.values()
        if inside and isinstance(tree.get("period"), str) and "value" in tree:
            found[tree["period"]] = str(tree["value"])
        for key, child in tree.items():
            found.update(_values_of(child, code, inside or key == code))
    elif isinstance(tree, list):
        for child in tree:
            found.update(_values_of(child, code, inside))
    return found


# -- the journey ------------------------------------------------------------------------------


def test_the_yearly_journey(journey: Journey, smtp_sink: SmtpSink, tmp_path: Path) -> None:
    j, folder = journey, tmp_path
    j.clock.set_local(2012, 1, 11)
    secretariat = j.person(SECRETARIAT)
    _draft_and_change_an_indicator(j, secretariat)
    hearing_id = _issue_the_hearing(j, secretariat)
    for address in (BUU, BUU_SECOND, KFU, IR):
        assert any(REFERENCE in s for s in _mail_to(j.app, smtp_sink, address)), address

    j.clock.set_local(2012, 1, 18)
    _first_member_drafts(j, j.person(BUU))
    j.clock.set_local(2012, 1, 20)
    receipt = _second_member_completes_and_submits_by_keyboard(j, j.person(BUU_SECOND))
    assert any(receipt in s for s in _mail_to(j.app, smtp_sink, BUU_SECOND))
    _kfu_answers_no_remarks(j, j.person(KFU))
    j.clock.set_local(2012, 1, 25)
    _a_second_hearing_overlaps(j, j.person(SECRETARIAT))

    j.clock.set_local(2012, 2, 2, 10)
    before = {a: len(_mail_to(j.app, smtp_sink, a)) for a in (BUU, KFU, IR)}
    with j.app.app_context():
        from hearing.services.notifications import send_reminders

        assert send_reminders(j.clock.now) >= 1
        _db.session.commit()
    after = {a: len(_mail_to(j.app, smtp_sink, a)) for a in (BUU, KFU, IR)}
    assert after == {BUU: before[BUU], KFU: before[KFU], IR: before[IR] + 1}

    j.clock.set_local(2012, 2, 8, 23, 50)
    _late_amendment_is_refused(j, j.person(BUU))

    j.clock.set_local(2012, 2, 10)
    secretariat = j.person(SECRETARIAT)
    _consolidate(j, secretariat, hearing_id)
    j.clock.set_local(2012, 3, 8)
    _decide_and_approve(j, j.person(SECRETARIAT), hearing_id)

    j.clock.set_local(2012, 8, 2)
    _open_the_period(j, j.person(SECRETARIAT))
    value = _import_the_period(j, j.person(DATA_CONTACT), folder)
    j.clock.set_local(2012, 9, 6)
    _assess_and_publish(j, j.person(SECRETARIAT))
    _the_public_reads_it(j, j.visitor(), hearing_id, value)

    assert not j.scans.unscanned(), j.scans.unscanned()
    assert hearing_id
