"""The Korean font that ships with the install: NanumGothic (SIL Open Font License 1.1).

The TTF files come from the `koreanize-matplotlib` wheel, found through its installed metadata so
that matplotlib is not imported just to locate a file. TrueType outlines, so reportlab embeds them.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path

FAMILY = "NanumGothic"
_FILES = {"regular": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf", "extrabold": "NanumGothicExtraBold.ttf"}
WEIGHTS = tuple(_FILES)


@cache
def font_path(weight: str = "regular") -> Path:
    """Path of the NanumGothic TTF of `weight` (regular, bold, extrabold)."""
    name = _FILES[weight]
    dist = metadata.distribution("koreanize-matplotlib")
    path = Path(str(dist.locate_file(f"koreanize_matplotlib/fonts/{name}")))
    if not path.is_file():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"{name} not found in koreanize-matplotlib; reinstall it")
    return path


# the parsed-font cache -------------------------------------------------------------------------

def cache_folder() -> Path:
    """Where parsed font data is kept between builds: REPORTGEN_CACHE_DIR, else the user's cache folder
    (XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, LOCALAPPDATA on Windows)."""
    chosen = os.environ.get("REPORTGEN_CACHE_DIR")
    if chosen:
        return Path(chosen) / "fonts"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "reportgen" / "fonts"


def read_cached(key: str) -> object | None:
    """The JSON kept under `key` (a content hash), or None when there is none or it is damaged."""
    try:
        return json.loads((cache_folder() / f"{key}.json").read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def write_cached(key: str, value: object) -> None:
    """Keep `value` under `key`, whole or not at all; a cache folder that cannot be written is skipped."""
    folder = cache_folder()
    try:
        text = json.dumps(value, separators=(",", ":"))
        folder.mkdir(parents=True, exist_ok=True)
        fd, draft = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(draft, folder / f"{key}.json")
    except OSError:
        Path(draft).unlink(missing_ok=True)
