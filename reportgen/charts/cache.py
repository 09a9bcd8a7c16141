"""The chart cache: a picture is drawn again only when what shapes it changes.

The key hashes the prepared data (values, texts, highlight, in the reader's language), the theme,
and the code and fonts that draw it. A change to one CSV value changes the data of the charts that
show that value, and only theirs. Files are named `<chart>.<lang>.<key>.png|svg`; once a chart has
a new picture, the older ones of that chart and language are removed, so the cache does not grow.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path

from reportgen.charts.chartdata import ChartData
from reportgen.charts.theme import THEME_VERSION, Theme
from reportgen.errors import display_path
from reportgen.filecheck import is_complete

PACKAGE = Path(__file__).parent
SHARED_CODE = ("wording/formats.py", "inputs/units.py", "fonts.py")  # outside the package, used while drawing


def cache_key(data: ChartData, theme: Theme) -> str:
    payload = json.dumps([asdict(data), asdict(theme), THEME_VERSION, code_version()], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


@cache
def code_version() -> str:
    """The drawing code, matplotlib's version and the font package's: a change in any redraws everything."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")) + [PACKAGE.parent / name for name in SHARED_CODE]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in ("matplotlib", "koreanize-matplotlib"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:16]


def entry(cache_dir: Path, data: ChartData, key: str, suffix: str) -> Path:
    return cache_dir / f"{data.chart_id}.{data.lang}.{key}{suffix}"


def is_cached(cache_dir: Path, data: ChartData, key: str) -> bool:
    """Are both pictures of this chart in the cache, whole? A damaged one (cut short, overwritten) is
    removed with a warning, so the chart is drawn again instead of failing every build."""
    entries = [entry(cache_dir, data, key, s) for s in (".png", ".svg")]
    if not all(path.is_file() for path in entries):
        return False
    damaged = [path for path in entries if not is_complete(path)]
    for path in damaged:
        warnings.warn(f"{display_path(path)}: a damaged picture in the chart cache; it is drawn again", UserWarning,
                      stacklevel=2)
        path.unlink(missing_ok=True)
    return not damaged


def prune(cache_dir: Path, data: ChartData, key: str) -> None:
    """Remove the older pictures of this chart and language."""
    keep = {entry(cache_dir, data, key, s).name for s in (".png", ".svg")}
    for path in cache_dir.glob(f"{data.chart_id}.{data.lang}.*"):
        if path.name not in keep and path.suffix in (".png", ".svg"):
            path.unlink(missing_ok=True)
