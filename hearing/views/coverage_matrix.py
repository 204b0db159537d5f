"""The workspace's coverage matrix as HTML rows, one table per focus area.

Per goal: its link and text, how many bodies gave each assessment, the comments and "n of m
say not covered"; per table the totals. Made in Python rather than by a Jinja loop over
about 60 goals x 5 assessments (with a gettext and a url_for per goal), which cost the
workspace about 5 ms of CPU per request; the template keeps the tables' frame.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import gettext
from markupsafe import Markup, escape

from hearing.models.responses import Assessment
from hearing.queries.workspace_page import GoalCoverage

_PLAIN_CODE = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class MatrixTable:
    """One focus area's table: its body rows as HTML and the totals of its footer."""

    area: dict[str, Any]
    rows: Markup
    totals: list[int]  # per assessment, in the order of ``Assessment``
    comments: int
    not_covered: int
    assessed: int


def _not_covered_text(template: str, count: int, total: int) -> Markup:
    return escape(template % {"count": count, "total": total})


def matrix_tables(
    hearing_id: int,
    areas: Sequence[Mapping[str, Any]],
    coverage: Mapping[str, GoalCoverage],
    english: bool,
) -> list[MatrixTable]:
    values = [a.value for a in Assessment]
    says = gettext("%(count)s of %(total)s say not covered")
    first = url_for("hearing.coverage_of_goal", hearing_id=hearing_id, goal_code="x")
    base = first[: -len("x")]
    tables = []
    for area in areas:
        totals = [0] * len(values)
        comments = not_covered = assessed = 0
        rows = []
        for goal in area["goals"]:
            code = goal["code"]
            cov = coverage.get(code)
            counts = [cov.counts[v] for v in values] if cov else [0] * len(values)
            if cov:
                totals = [t + c for t, c in zip(totals, counts, strict=True)]
                comments += cov.comments
                not_covered += cov.not_covered
                assessed += cov.assessed
            url = (
                base + code
                if _PLAIN_CODE.fullmatch(code)
                else url_for("hearing.coverage_of_goal", hearing_id=hearing_id, goal_code=code)
            )
            text = goal["text_en"] if english and goal.get("text_en") else goal["text_da"]
            cells = "".join(f'<td class="app-number">{n}</td>' for n in counts)
            said = _not_covered_text(
                says, cov.not_covered if cov else 0, cov.assessed if cov else 0
            )
            rows.append(
                "  <tr>\n"
                f'    <th scope="row"><a href="{escape(url)}">{escape(code)}</a> '
                f"{escape(text)}</th>\n"
                f"    {cells}\n"
                f'    <td class="app-number">{cov.comments if cov else 0}</td>\n'
                f"    <td>{said}</td>\n"
                "  </tr>\n"
            )
        html = Markup("".join(rows))  # noqa: S704 - every piece is escaped
        tables.append(MatrixTable(dict(area), html, totals, comments, not_covered, assessed))
    return tables


def not_covered_text(count: int, total: int) -> Markup:
    """The footer's "n of m say not covered"."""
    return _not_covered_text(gettext("%(count)s of %(total)s say not covered"), count, total)
