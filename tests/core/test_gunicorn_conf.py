"""The repository's gunicorn settings: a worker freezes what is alive once the app is loaded,
so the garbage collector's full scans skip it (bench/README.md, ``staff_load``)."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_freezes_the_loaded_app_out_of_full_collections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = runpy.run_path(str(CONF))
    assert settings["wsgi_app"] == "app:create_app()"
    monkeypatch.delenv("GUNICORN_GC_FREEZE", raising=False)
    gc.unfreeze()
    try:
        settings["post_worker_init"](object())
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()


def test_freezing_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = runpy.run_path(str(CONF))
    monkeypatch.setenv("GUNICORN_GC_FREEZE", "0")
    gc.unfreeze()
    settings["post_worker_init"](object())
    assert gc.get_freeze_count() == 0
