"""Where the chart tests find their inputs, and a writable copy of the default report."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REPORT = ROOT / "templates" / "china-ai-briefing"
CHART_FIXTURE = ROOT / "tests" / "fixtures" / "charts"


def copy_default_report(dest: Path) -> Path:
    """A writable copy of the default report and its dataset, laid out as in the repo."""
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(DEFAULT_REPORT, dest / "templates" / "china-ai-briefing")
    return dest / "templates" / "china-ai-briefing"
