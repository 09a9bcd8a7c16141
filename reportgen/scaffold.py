"""`reportgen new NAME`: a working report folder, with its own small dataset, ready to edit."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from reportgen.errors import fail


def scaffold(target: Path) -> Path:
    """Copy the starter report into `target` (which must not exist yet) and name it after the folder."""
    if target.exists():
        raise fail(target, "", "already exists; choose a new folder name")
    report_id = re.sub(r"[^a-z0-9_]", "_", target.name.lower()).strip("_") or "report"
    if not report_id[0].isalpha():
        report_id = "r_" + report_id
    starter = resources.files("reportgen") / "starter"
    with resources.as_file(starter) as source:
        try:
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        except OSError as exc:
            raise fail(target, "", f"cannot create the folder ({exc.strerror})") from None
    spec = target / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("id: starter", f"id: {report_id}", 1), encoding="utf-8")
    return target
