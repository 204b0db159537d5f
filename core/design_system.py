"""Det Fælles Designsystem: the files of the npm package the set-up command installs.

The assets view serves them, the PDF renderer loads its fonts and an exported edition
copies them; all three take the folder from here.
"""

from __future__ import annotations

from pathlib import PurePath

import config

DKFDS_DIST = config.BASE_DIR / "node_modules" / "dkfds" / "dist"
DKFDS_FONTS = DKFDS_DIST / "fonts"
SERVED_DIRS = ("css", "js", "fonts", "img")


def is_served(filename: str) -> bool:
    """Whether ``filename`` (relative to the package's ``dist``) lies in a folder we serve."""
    return PurePath(filename).parts[:1] in [(d,) for d in SERVED_DIRS]
