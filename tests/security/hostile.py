"""The hostile-input catalogue: texts, and the free-text columns they are put into.

``FREE_TEXT`` lists every text column a person can fill in (or that holds such text);
``NOT_FREE_TEXT`` every other text column, with why. A test checks that the two cover every
String and Text column of the schema, so a new column must be placed in one of them.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Each payload carries "alert(" so that what it would make of a page is easy to find.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    '" onmouseover="alert(4)" x="',
    "' onfocus='alert(5)' autofocus='",
    "</textarea><script>alert(6)</script>",
    "[klik](javascript:alert(7))",
    '<a href="javascript:alert(8)">a</a>',
    '<iframe src="javascript:alert(9)"></iframe>',
    '<img src="http://127.0.0.1:9/x.png" onerror=alert(10)>',
    "{{ 7*7 }}{% print(11) %}",
    "<style>body{display:none}</style>",
)

FREE_TEXT = {
    "bodies": ("name_da", "name_en"),
    "policies": ("name", "name_en", "case_reference"),
    "users": ("name",),
    "sso_group_mappings": ("group_name",),
    "audit_events": ("summary",),
    "jobs": ("subject_label", "error"),
    "catalogue_versions": ("label", "label_en", "decision_text"),
    "catalogue_version_locks": ("reason",),
    "assessments": ("text", "text_en"),
    "editions": ("title_da", "title_en", "correction_reason", "correction_reason_en"),
    "focus_areas": ("name_da", "name_en", "description", "description_en"),
    "goals": ("text_da", "text_en"),
    "indicators": (
        "name_da", "name_en", "definition", "definition_en", "data_source", "data_source_en",
        "notes", "notes_en", "data_breaks", "data_breaks_en", "limitations", "limitations_en",
        "contact",
    ),
    "success_criteria": ("text", "text_en", "decision_reference"),
    "version_overrides": ("reason",),
    "measurements": ("note", "note_en", "source", "source_en"),
    "measurement_corrections": ("reason",),
    "breakdown_dimensions": ("name_da", "name_en"),
    "breakdown_categories": ("name_da", "name_en"),
    "category_values": ("reason",),
    "comparison_series": ("name_da", "name_en", "source"),
    "hearings": (
        "reference", "title", "letter_text", "contact_name", "signatory_title",
        "cancellation_reason",
    ),
    "hearing_questions": ("text",),
    "hearing_annexes": ("title", "original_name"),
    "consultees": ("extension_reason",),
    "responses": ("general_remarks", "confidential_reason"),
    "response_versions": ("accepted_reason", "general_remarks", "confidential_reason"),
    "response_assessments": ("comment", "confidential_reason"),
    "response_attachments": ("original_name", "confidential_reason"),
    "response_proposals": (
        "text", "decision_reference", "name", "definition", "source", "justification",
        "confidential_reason",
    ),
    "consolidation_recommendations": ("administration_comment", "reasoning"),
    "consolidation_summaries": ("text",),
    "hearing_decisions": ("case_reference",),
    "hearing_note_jobs": ("error",),
}  # fmt: skip

NOT_FREE_TEXT = {
    "codes, kinds, states and units (checked against fixed lists)": (
        "bodies.code", "bodies.kind", "policies.period", "catalogue_versions.status",
        "measurement_periods.code", "measurement_periods.state", "memberships.role",
        "assessments.focus_area_code", "assessments.state", "catalogue_change_records.kind",
        "catalogue_change_records.target_code", "editions.period_code", "editions.state",
        "focus_areas.code", "hearings.state", "measurements.indicator_code",
        "consolidation_groups.target_kind", "consolidation_groups.target_code",
        "consolidation_groups.proposal_kind", "consolidation_summaries.focus_area_code",
        "goals.code", "breakdown_dimensions.code", "breakdown_categories.code",
        "category_values.indicator_code", "category_values.dimension_code",
        "category_values.category_code", "hearing_annexes.kind", "hearing_questions.kind",
        "consolidation_recommendations.outcome", "hearing_note_jobs.state",
        "hearing_note_jobs.stage", "indicators.code", "indicators.kind", "indicators.unit",
        "indicators.baseline_period", "responses.state", "hearing_decision_outcomes.result",
        "response_versions.channel", "success_criteria.code", "success_criteria.target_period",
        "response_assessments.goal_code", "response_assessments.assessment",
        "response_proposals.kind", "response_proposals.target_goal_code",
        "response_proposals.target_indicator_code", "response_proposals.target_period",
        "response_proposals.unit", "users.locale", "outbound_emails.locale",
        "outbound_emails.status", "indicators.frequency", "version_overrides.period_code",
        "hearing_decision_outcomes.conflict_resolution", "sso_group_mappings.role",
        "subscribers.locale", "comparison_series.indicator_code", "comparison_series.kind",
        "comparison_values.period_code",
    ),
    "identifiers from the identity provider, never shown": (
        "users.sso_issuer", "users.sso_subject",
    ),
    "e-mail addresses (validated as addresses)": (
        "bodies.email", "users.email", "hearings.contact_email", "outbound_emails.to_address",
        "subscribers.email",
    ),
    "made by the app: hashes, keys, stored names, numbers, snapshots": (
        "users.password_hash", "users.session_token", "user_sessions.id",
        "public_renderings.key", "public_renderings.etag", "public_renderings.content_type",
        "editions.canonical_json", "editions.sha256", "edition_files.name",
        "edition_files.content_type", "edition_files.sha256", "hearing_annexes.stored_name",
        "hearing_annexes.sha256", "hearing_notes.stored_name", "hearing_notes.sha256",
        "hearing_notes.full_stored_name", "hearing_notes.full_sha256",
        "hearing_notes.content_sha256", "hearing_notes.full_docx_stored_name",
        "hearing_notes.full_docx_sha256", "hearing_notes.docx_stored_name",
        "hearing_notes.docx_sha256", "consultees.receipt_code",
        "response_versions.confidential_salt", "response_versions.receipt_number",
        "response_versions.canonical_json", "response_versions.sha256",
        "response_assessments.salt", "response_attachments.stored_name",
        "response_attachments.sha256", "response_attachments.salt", "response_proposals.salt",
        "audit_events.actor_label", "audit_events.action", "audit_events.object_type",
        "audit_events.object_id", "jobs.kind", "jobs.subject_type", "jobs.state",
        "jobs.step", "jobs.result_endpoint",
    ),
    "the outbox: made from the texts above by the mail templates (checked through mail)": (
        "outbound_emails.to_name", "outbound_emails.subject", "outbound_emails.body_text",
        "outbound_emails.body_html", "outbound_emails.message_id", "outbound_emails.last_error",
        "outbound_emails.dedup_key", "outbound_emails.related_type",
        "outbound_emails.related_id", "outbound_emails.attachments",
        "outbound_emails.list_unsubscribe",
    ),
}  # fmt: skip


# Formula text: a spreadsheet would run a cell that begins like this (names and other short
# texts begin with one, so every CSV and XLSX export gets some). A leading tab or carriage
# return is refused by the forms of short texts (file names: control characters), so it is
# tried through the exports' own tests (tests/barometer/test_export_formulas.py).
FORMULAS = ("=1+1", '+cmd|" /C calc"!A0', "-2+3", "@SUM(1)")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def payload_for(index: int, length: int | None) -> str:
    """The payload for the ``index``-th field, cut to the column's length: every payload in
    a long text; a formula and one payload in a short one."""
    if length is None:
        return " ".join(PAYLOADS)
    text = f"{FORMULAS[index % len(FORMULAS)]} {PAYLOADS[index % len(PAYLOADS)]}"
    return text[:length]


def formula_cells(cells: list[object]) -> list[str]:
    """Text cells a spreadsheet would run as a formula (numbers are numbers)."""
    found = []
    for cell in cells:
        if not isinstance(cell, str) or not cell.startswith(FORMULA_START):
            continue
        try:
            float(cell.replace(",", "."))
        except ValueError:
            found.append(cell[:40])
    return found


class _Finder(HTMLParser):
    """What a payload would have made of a page, read as a browser reads the HTML: an
    element or attribute it brought in, not the same characters shown as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "embed", "object"):
            self.found.append(f"<{tag}>")
        for name, raw in attrs:
            value = (raw or "").strip().lower()
            if name.startswith("on") and "alert(" in value:
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and value.startswith(
                ("javascript:", "data:text/html", "http://127.0.0.1:9")
            ):
                self.found.append(f"<{tag} {name}={value[:30]}>")
            if name == "autofocus" and tag not in ("input", "textarea", "select", "button"):
                self.found.append(f"<{tag} autofocus>")
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script" and "alert(" in data:
            self.found.append("<script>alert(")
        if self._in == "style" and "display:none" in data.replace(" ", ""):
            self.found.append("<style> from a payload")


def leaks(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    return finder.found


def markup_interpreted(text: str) -> list[str]:
    """Payloads whose ``alert(n)`` shows in a PDF's text without the tag around it: the tag
    was taken as markup (its text kept, the tag itself gone). Plain text such as a
    Markdown link shown as written is not markup taken."""
    flat = "".join(text.split())
    found = []
    for payload in PAYLOADS:
        if "<" not in payload or "alert(" not in payload:
            continue
        marker = payload[payload.index("alert(") :].split(")")[0] + ")"
        tag = "".join(payload.split())[:6]
        if marker in flat and tag not in flat:
            found.append(payload)
    return found
