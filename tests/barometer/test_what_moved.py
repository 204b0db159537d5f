"""What moved since the previous edition: the rule over two stored snapshots."""

from __future__ import annotations

from typing import Any

from barometer.what_moved import FIRST, SHOWN, what_moved


def _snapshot(edition_id: int, period: str, statuses: dict[str, str], **kinds: str) -> Any:
    indicators = [
        {"code": code, "name_da": f"Indikator {code}", "name_en": f"Indicator {code}",
         "kind": kinds.get(code, "effect")}
        for code in statuses
    ]  # fmt: skip
    return {
        "edition": {"id": edition_id},
        "period_label": {"da": f"{period} (da)", "en": f"{period} (en)"},
        "catalogue": {"focus_areas": [{"goals": [{"indicators": indicators}]}]},
        "reading": {"indicators": {c: {"movement": m} for c, m in statuses.items()}},
    }


def test_only_indicators_whose_status_changed_are_listed_in_catalogue_order() -> None:
    before = _snapshot(1, "H1", {"A": "red", "B": "green", "C": "yellow", "D": "grey"})
    after = _snapshot(2, "H2", {"A": "green", "B": "green", "C": "red", "D": "yellow"})
    moved = what_moved(after, before)
    assert [(r.code, r.before, r.after, r.better) for r in moved.rows] == [
        ("A", "red", "green", True),
        ("C", "yellow", "red", False),
        ("D", "grey", "yellow", None),
    ]
    assert moved.previous_id == 1 and moved.compared == 4
    assert moved.sentence.da == (
        "Siden H1 (da) har 3 af 4 indikatorer skiftet status: 1 til det bedre, "
        "1 til det værre og 1 med grå eller ingen farve i den ene udgave."
    )
    assert moved.sentence.en == (
        "Since H1 (en), 3 of 4 indicators have changed status: 1 for the better, "
        "1 for the worse and 1 grey or without a colour in one of them."
    )


def test_benchmarks_and_indicators_new_in_this_edition_never_move() -> None:
    before = _snapshot(1, "H1", {"A": "red", "K": "benchmark"})
    after = _snapshot(2, "H2", {"A": "red", "K": "green", "N": "green"}, K="benchmark")
    moved = what_moved(after, before)
    assert moved.rows == () and moved.compared == 1
    assert moved.sentence.da == "Ingen indikator har skiftet status siden H1 (da)."
    assert moved.sentence.en == "No indicator has changed status since H1 (en)."


def test_without_a_previous_edition_there_is_nothing_to_compare_with() -> None:
    moved = what_moved(_snapshot(1, "H1", {"A": "green"}), None)
    assert moved.rows == () and moved.previous_period is None and moved.sentence == FIRST


def test_a_long_list_is_cut_for_the_summary_page_and_the_rest_counted() -> None:
    codes = [f"I{i:02d}" for i in range(SHOWN + 3)]
    moved = what_moved(
        _snapshot(2, "H2", dict.fromkeys(codes, "green")),
        _snapshot(1, "H1", dict.fromkeys(codes, "red")),
    )
    assert len(moved.rows) == SHOWN + 3 and len(moved.shown) == SHOWN and moved.not_shown == 3
