"""Every page of an edition's report as PNG, in Danish and English, to look at before
publishing a change to the report's template or print CSS (docs/publishing.md).

Uses the app's configured database (``DATABASE_URL``; the demo after ``make run``) and
poppler's ``pdftoppm``. Writes ``report-da.pdf``, ``report-en.pdf`` and ``da-01.png``,
``en-01.png``, ... to the output folder; nothing is stored in the database.

    .venv/bin/python scripts/report_pages.py [--out DIR] [--edition ID] [--dpi 60]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "instance" / "report-pages")
    parser.add_argument("--edition", type=int, default=None, help="default: the latest")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm (poppler-utils) is missing: make system-packages", file=sys.stderr)
        return 1

    from app import create_app
    from barometer.editions import pdf as edition_pdf
    from barometer.editions.public_site import latest_published_id
    from barometer.models import Edition
    from core.extensions import db

    app = create_app()
    with app.app_context():
        edition_id = args.edition or latest_published_id()
        edition = db.session.get(Edition, edition_id) if edition_id else None
        if edition is None or not edition.is_published:
            print(f"No published edition {edition_id}.", file=sys.stderr)
            return 1
        args.out.mkdir(parents=True, exist_ok=True)
        for lang in ("da", "en"):
            pdf = args.out / f"report-{lang}.pdf"
            pdf.write_bytes(edition_pdf.render_report(edition.snapshot, lang))
            for old in args.out.glob(f"{lang}-*.png"):
                old.unlink()
            subprocess.run(  # noqa: S603 - a fixed tool on our own file
                [pdftoppm, "-png", "-r", str(args.dpi), str(pdf), str(args.out / lang)],
                check=True,
            )
            pages = len(list(args.out.glob(f"{lang}-*.png")))
            print(f"{lang}: {pages} pages in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
