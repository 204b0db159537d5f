"""The hearing note as a Word document (.docx), from the same plain values as its PDF
(:func:`hearing.queries.note_content.note_context`): the same sections in the same order,
``public=True`` values leave out the same confidential parts. Stored with every version
of the note by its job (:mod:`hearing.services.note_render`); the note of 100 bodies takes
about 2 s (bench/note_documents.py)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from docx.document import Document as DocxDocument
from flask import current_app
from flask_babel import force_locale, gettext, ngettext

from barometer.units import label as unit_label
from core.i18n import datetime_with_zone, local_date, number
from core.word import add_labelled, add_table, docx_bytes, new_document, xml_safe
from hearing.labels import assessment_label, proposal_kind_label, proposal_text_label
from hearing.queries.note_content import with_labels

# The texts looked up during one rendering: the annex of a large note asks for the same
# labels tens of thousands of times, and each gettext costs as much as a paragraph.
_texts: ContextVar[dict[Any, str] | None] = ContextVar("word_note_texts", default=None)


def _(text: str, **variables: Any) -> str:
    """``gettext``, each text translated once per rendering."""
    memo = _texts.get()
    if memo is None:
        return gettext(text, **variables)
    translated = memo.get(text)
    if translated is None:
        translated = memo[text] = gettext(text)
    return translated % variables if variables else translated


def _label(label: Callable[[str], str], key: str) -> str:
    """A label function's text for ``key``, looked up once per rendering."""
    memo = _texts.get()
    if memo is None:
        return label(key)
    translated = memo.get((label, key))
    if translated is None:
        translated = memo[(label, key)] = str(label(key))
    return translated


def _withheld() -> str:
    return _("The content is confidential")


def note_docx(values: dict[str, Any], *, lang: str) -> bytes:
    """The note's values (``note_context``) as a .docx in ``lang``."""
    token = _texts.set({})
    try:
        with force_locale(lang):
            return docx_bytes(_note(with_labels(xml_safe(values)), lang))
    finally:
        _texts.reset(token)


def _note(v: dict[str, Any], lang: str) -> DocxDocument:
    municipality = current_app.config["MUNICIPALITY_NAME"]
    title = f"{_('Hearing note')}: {v['title']}"
    doc = new_document(
        lang=lang, title=title, header=f"{municipality} · {v['reference']}", footer=municipality
    )
    doc.add_heading(title, level=1)
    if v["note_number"]:
        line = f"{_('Hearing note, version %(number)s', number=v['note_number'])}, "
        line += datetime_with_zone(v["note_generated_at"])
        if v["note_finalised"]:
            line += f" ({_('final')})"
    else:
        line = _("Draft of the hearing note")
    doc.add_paragraph(line)
    _facts(doc, v)
    _hearing_list(doc, v)
    _coverage(doc, v)
    _summaries(doc, v)
    _recommendations(doc, v)
    doc.add_heading(_("Bodies with no remarks"), level=2)
    for code, name in v["no_remarks"]:
        doc.add_paragraph(f"{code} – {name}", style="List Bullet")
    if not v["no_remarks"]:
        doc.add_paragraph("–")
    dated = local_date(v["note_generated_at"]) if v["note_generated_at"] else None
    doc.add_paragraph(f"{municipality}, {dated or _('not yet dated (draft)')}")
    signed = [v["signatory"], v["signatory_title"], v["issuing_body"]]
    doc.add_paragraph("\n".join(s for s in signed if s))
    _annex(doc, v, lang)
    return doc


def _facts(doc: DocxDocument, v: dict[str, Any]) -> None:
    doc.add_heading(_("The hearing"), level=2)
    issued = datetime_with_zone(v["issued_at"]) if v["issued_at"] else "–"
    rows = [
        (_("Case"), v["reference"]),
        (_("Issued"), issued),
        (_("Deadline"), datetime_with_zone(v["deadline"])),
    ]
    for label, text in rows:
        add_labelled(doc, label, text)
    doc.add_heading(_("Questions"), level=3)
    for question in v["questions"]:
        doc.add_paragraph(question, style="List Number")


def _hearing_list(doc: DocxDocument, v: dict[str, Any]) -> None:
    doc.add_heading(_("Hearing list"), level=2)
    outcome = v["body_outcome_label"]
    rows = [
        (
            f"{row['code']} – {row['name']}",
            f"✓ {_('Yes')}" if row["answered"] else _("No"),
            outcome(row["outcome"]),
        )
        for row in v["hearing_list"]
    ]
    add_table(doc, (_("Body"), _("Answered"), _("Outcome")), rows)


def _coverage(doc: DocxDocument, v: dict[str, Any]) -> None:
    doc.add_heading(_("Question 1: coverage per goal"), level=2)
    doc.add_paragraph(
        _(
            "How many of the bodies that answered found that the indicators cover each goal,"
            " and what they wrote."
        )
    )
    kinds = ("covers", "partly", "not_covered", "no_opinion")
    for area in v["coverage"]:
        doc.add_heading(f"{area['code']} {area['name']}", level=3)
        rows = []
        for goal in area["goals"]:
            lines = [f"{goal['code']} {goal['text']}"]
            lines += [f"{code}: {comment}" for code, comment in goal["comments"]]
            rows.append(["\n".join(lines), *(str(goal["counts"][k]) for k in kinds)])
        add_table(doc, (_("Goal"), *(assessment_label(k) for k in kinds)), rows)


def _summaries(doc: DocxDocument, v: dict[str, Any]) -> None:
    doc.add_heading(_("Summaries per focus area"), level=2)
    for area in v["areas"]:
        doc.add_heading(f"{area['code']} {area['name']}", level=3)
        if area["summary_withheld"]:
            doc.add_paragraph().add_run(_withheld()).italic = True
        else:
            doc.add_paragraph(area["summary"] or "–")
        for row in area["proposals"]:
            comment = _("The administration's comment")
            label = f"{comment} ({row['target_code']})"
            if row["withheld"]:
                add_labelled(doc, label, "").add_run(_withheld()).italic = True
            elif row["administration_comment"]:
                add_labelled(doc, label, row["administration_comment"])


def _source(s: dict[str, Any]) -> str:
    if s["text"] is None:
        return f"{s['body_code']}: {_('confidential')}"
    text = f"{s['body_code']}: {s['text']}"
    if s["target_value"] is not None:
        period = f", {s['target_period']}" if s["target_period"] else ""
        text += f" ({number(s['target_value'])}{period})"
    return text


def _recommendations(doc: DocxDocument, v: dict[str, Any]) -> None:
    doc.add_heading(_("Proposals and recommendations"), level=2)
    labels = v["recommendation_labels"]
    rows = []
    for row in v["proposals"]:
        outcome = [str(labels[row["outcome"]]) if row["outcome"] else _("unhandled")]
        outcome += [f"{label}: {value}" for label, value in row["changed_content"]]
        if row["withheld"] and row["outcome"] == "accept_with_changes":
            outcome.append(_withheld())
        rows.append(
            (
                f"{row['target_code'] or '–'}\n{proposal_kind_label(row['kind'])}",
                "\n".join(_source(s) for s in row["sources"]),
                "\n".join(outcome),
                _withheld() if row["withheld"] else row["reasoning"],
            )
        )
    if not rows:
        rows.append((_("No proposals."), "", "", ""))
    head = (_("Target"), _("Proposal"), _("Recommendation"), _("Reasoning"))
    add_table(doc, head, rows)


def _annex(doc: DocxDocument, v: dict[str, Any], lang: str) -> None:
    """The public responses in full, as the PDF's annex (always the public version)."""
    doc.add_heading(_("Annex: the public responses"), level=2)
    for r in v["versions"]:
        name = r["body_name_en"] if lang == "en" else r["body_name_da"]
        doc.add_heading(f"{r['body_code']} – {name} ({r['receipt_number']})", level=3)
        if r["confidential"]:
            doc.add_paragraph(
                f"{_('The response is confidential.')} {_('Its content is not published.')}"
            )
            continue
        if r["no_remarks"]:
            doc.add_paragraph().add_run(_("No remarks")).bold = True
            continue
        _response(doc, r, v, lang)


def _goal(v: dict[str, Any], code: str, lang: str) -> str:
    goal = v["goals"].get(code)
    if not goal:
        return code
    return (
        f"{code} {goal.get('text_en') if lang == 'en' and goal.get('text_en') else goal['text_da']}"
    )


def _indicator(v: dict[str, Any], code: str, lang: str) -> str:
    item = v["indicators"].get(code)
    if not item:
        return code
    return (
        f"{code} {item.get('name_en') if lang == 'en' and item.get('name_en') else item['name_da']}"
    )


def _response(doc: DocxDocument, r: dict[str, Any], v: dict[str, Any], lang: str) -> None:
    doc.add_heading(_("Coverage, per goal"), level=4)
    for a in r["coverage"]:
        line = f"{_goal(v, a['goal'], lang)}: {_label(assessment_label, a['assessment'])}"
        doc.add_paragraph(line + (f"\n{a['comment']}" if a["comment"] else ""), "List Bullet")
    if not r["coverage"]:
        doc.add_paragraph(_("No assessments."))
    doc.add_heading(_("Proposals"), level=4)
    for p in r["proposals"]:
        kind = _label(proposal_kind_label, p["kind"])
        doc.add_heading(f"{_('Proposal %(number)s', number=p['number'])}: {kind}", level=5)
        for label, text in _proposal_facts(p, v, lang):
            add_labelled(doc, label, text)
    if not r["proposals"]:
        doc.add_paragraph(_("No proposals."))
    doc.add_heading(_("General remarks"), level=4)
    doc.add_paragraph(r.get("general_remarks") or "–")
    doc.add_heading(_("Attachments"), level=4)
    for a in r["attachments"]:
        doc.add_paragraph(f"{a['name']} ({round(a['size'] / 1024)} kB)", style="List Bullet")
    if not r["attachments"]:
        doc.add_paragraph(_("No attachments."))
    if r["withheld_parts"]:
        doc.add_paragraph(
            ngettext(
                "%(num)s part of the response is confidential and not shown.",
                "%(num)s parts of the response are confidential and not shown.",
                r["withheld_parts"],
            )
        )


def _proposal_facts(p: dict[str, Any], v: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    facts = []
    if p.get("goal"):
        facts.append((_("Goal"), _goal(v, p["goal"], lang)))
    if p.get("indicator"):
        facts.append((_("Indicator"), _indicator(v, p["indicator"], lang)))
    for key, label in (("name", _("Name of the indicator")), ("definition", _("Definition"))):
        if p.get(key):
            facts.append((label, str(p[key])))
    if p.get("unit"):
        facts.append((_("Unit"), _label(unit_label, p["unit"])))
    if p.get("direction"):
        better = _("Higher is better") if p["direction"] == 1 else _("Lower is better")
        facts.append((_("Direction"), better))
    if p.get("source"):
        facts.append((_("Data source"), str(p["source"])))
    if p.get("text"):
        facts.append((_label(proposal_text_label, p["kind"]), str(p["text"])))
    if p.get("target_value") is not None:
        facts.append((_("Target value"), number(p["target_value"])))
    if p.get("target_period"):
        facts.append((_("Target period"), str(p["target_period"])))
    if p.get("decision_reference"):
        date = f", {local_date(p['decision_date'])}" if p.get("decision_date") else ""
        facts.append((_("Political decision"), f"{p['decision_reference']}{date}"))
    facts.append((_("Justification"), str(p.get("justification") or "")))
    return facts
