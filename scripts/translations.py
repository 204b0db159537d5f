"""Keep the translation catalogues of every package up to date.

    python scripts/translations.py update [PACKAGE]  # extract, merge into da/en, fill en
    python scripts/translations.py compile  # write the .mo files (the set-up commands run this)
    python scripts/translations.py check    # list untranslated or fuzzy messages; exit 1 if any

Each package (core, barometer, hearing) owns its catalogue in ``<package>/translations``;
Flask-Babel merges them at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "barometer", "hearing")
LOCALES = ("da", "en")
KEYWORDS = ("_l", "N_", "N_plural:1,2", "lazy_gettext", "lazy_ngettext:1,2")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # noqa: S603


def _po_path(package: str, locale: str) -> Path:
    return ROOT / package / "translations" / locale / "LC_MESSAGES" / "messages.po"


def update(packages: tuple[str, ...] = PACKAGES) -> None:
    for package in packages:
        pot = ROOT / package / "translations" / "messages.pot"
        pot.parent.mkdir(parents=True, exist_ok=True)
        keywords = [arg for k in KEYWORDS for arg in ("-k", k)]
        _pybabel(
            "extract",
            "-F",
            f"{package}/babel.cfg",
            *keywords,
            "--no-location",
            "--sort-output",
            "--project",
            "integrationsbarometer",
            "-o",
            str(pot),
            ".",
        )
        for locale in LOCALES:
            po = _po_path(package, locale)
            command = "update" if po.exists() else "init"
            extra = ["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else []
            _pybabel(command, "-i", str(pot), "-d", f"{package}/translations", "-l", locale, *extra)
        _fill_english(_po_path(package, "en"))


def _fill_english(po: Path) -> None:
    """The English catalogue is the msgids themselves."""
    with po.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    for message in catalog:
        if message.id and not (
            message.string if isinstance(message.string, str) else all(message.string)
        ):
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
        message.flags.discard("fuzzy")
    with po.open("wb") as fh:
        write_po(fh, catalog, no_location=True, sort_output=True, width=100)


def compile_all() -> None:
    for package in PACKAGES:
        if (ROOT / package / "translations").exists():
            _pybabel("compile", "-d", f"{package}/translations", "--statistics")


def untranslated() -> list[str]:
    problems = []
    for package in PACKAGES:
        for locale in LOCALES:
            po = _po_path(package, locale)
            if not po.exists():
                continue
            with po.open("rb") as fh:
                catalog = read_po(fh, locale=locale)
            for message in catalog:
                if not message.id:
                    continue
                strings = [message.string] if isinstance(message.string, str) else message.string
                if message.fuzzy or not all(strings):
                    problems.append(f"{package}/{locale}: {message.id!r}")
    return problems


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if command == "update":
        update(tuple(sys.argv[2:]) or PACKAGES)
    elif command == "compile":
        compile_all()
    elif command == "check":
        problems = untranslated()
        print("\n".join(problems) or "All messages are translated.")
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
