"""The Korean font that ships with the install: NanumGothic (SIL Open Font License 1.1).

The TTF files come from the `koreanize-matplotlib` wheel, found through its installed metadata so
that matplotlib is not imported just to locate a file. TrueType outlines, so reportlab embeds them.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path

FAMILY = "NanumGothic"
_FILES = {"regular": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf", "extrabold": "NanumGothicExtraBold.ttf"}


@cache
def font_path(weight: str = "regular") -> Path:
    """Path of the NanumGothic TTF of `weight` (regular, bold, extrabold)."""
    name = _FILES[weight]
    dist = metadata.distribution("koreanize-matplotlib")
    path = Path(str(dist.locate_file(f"koreanize_matplotlib/fonts/{name}")))
    if not path.is_file():  # pragma: no cover - a broken install
        raise FileNotFoundError(f"{name} not found in koreanize-matplotlib; reinstall it")
    return path
