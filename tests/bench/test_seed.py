"""``flask --app app bench seed``: synthetic data at a named scale, repeatable from its seed,
only into an empty database."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask
from sqlalchemy import select

from bench.scales import SCALES
from bench.seed import content_digest, counts
from core.models import Body, BodyKind
from core.services import accounts
from tests.conftest import NOW, _truncate_all


def _seed(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["bench", "seed", "--scale", "small", *args])


def test_small_seeds_the_counts_its_scale_promises(app: Flask, db: Any) -> None:
    result = _seed(app)
    assert result.exit_code == 0, result.output
    scale = SCALES["small"]
    assert asdict(counts()) == {
        "focus_areas": scale.areas,
        "goals": scale.goals,
        "indicators": scale.indicators,
        "periods": scale.periods,
        "measurements": scale.indicators * scale.periods,
        "editions": scale.editions,
        "bodies_consulted": scale.bodies,
        "responses": scale.bodies,
        "assessments": scale.bodies * scale.goals,
        "proposals": scale.bodies * scale.proposals,
    }
    names = " ".join(db.session.scalars(select(Body.name_da)))
    assert {"æ", "ø", "å"} <= set(names.lower())
    assert "bench.sekretariat@example.dk" in result.output


def test_the_same_seed_gives_the_same_content_and_another_seed_other_content(
    app: Flask, db: Any
) -> None:
    digests = []
    for seed in ("11", "11", "12"):
        result = _seed(app, "--seed", seed)
        assert result.exit_code == 0, result.output
        digests.append(content_digest())
        assert digests[-1] in result.output
        _truncate_all()
    assert digests[0] == digests[1]
    assert digests[2] != digests[0]


def test_a_database_with_data_is_refused_and_left_as_it_was(app: Flask, db: Any) -> None:
    accounts.create_body(
        accounts.BodyData("BUU", BodyKind.COMMITTEE, "Børne- og Ungdomsudvalget", "Children"),
        actor=None,
        now=NOW,
    )
    db.session.commit()
    before = (asdict(counts()), content_digest())
    result = _seed(app)
    assert result.exit_code == 2
    assert "already holds data; nothing was seeded" in result.output
    db.session.expire_all()
    assert (asdict(counts()), content_digest()) == before
    assert list(db.session.scalars(select(Body.code))) == ["BUU"]
