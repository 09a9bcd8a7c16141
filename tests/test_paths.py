"""One confinement helper (reportgen/paths.py): a named file must lie inside its folder, links followed."""

from __future__ import annotations

import re
from pathlib import Path

from reportgen.paths import inside

ROOT = Path(__file__).resolve().parents[1]


def test_a_file_inside_the_folder_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "report" / "text").mkdir(parents=True)
    assert inside(tmp_path / "report", "text/ko.yaml") == (tmp_path / "report" / "text" / "ko.yaml").resolve()
    assert inside(tmp_path / "report", "text/../charts.yaml") == (tmp_path / "report" / "charts.yaml").resolve()


def test_a_path_or_a_link_leading_out_is_refused(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "report" / "link.yaml").symlink_to(tmp_path / "secret.txt")
    assert inside(tmp_path / "report", "../secret.txt") is None
    assert inside(tmp_path / "report", "/etc/passwd") is None
    assert inside(tmp_path / "report", "link.yaml") is None
    assert inside(tmp_path / "report", ".") is None  # the folder itself is no file in it


def test_other_allowed_folders(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "shared").mkdir()
    assert inside(tmp_path / "report", "../shared/master.pptx", tmp_path / "shared") == (tmp_path / "shared" / "master.pptx")


def test_no_other_module_checks_confinement_its_own_way() -> None:
    own_way = re.compile(r"\bin\s+[\w.()]+\.parents\b(?!\[)|is_relative_to\(")  # `path in folder.parents`
    found = [str(p.relative_to(ROOT)) for p in (ROOT / "reportgen").rglob("*.py")
             if p.name != "paths.py" and own_way.search(p.read_text(encoding="utf-8"))]
    assert found == []
