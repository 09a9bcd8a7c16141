from pathlib import Path

import pytest
from pydantic import ValidationError

from reportgen.errors import ReportgenError
from reportgen.inputs.report_file import load_spec

BASE = """id: demo
dataset: ../data/datapackage.yaml
date: 2025-06-30
author: A
charts:
  - {id: users, kind: ranked_bar, table: services, x: name, y: mau}
deck:
  - section: where
    slides:
      - {id: s1, kind: chart, chart: users}
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name files relative to the working folder


def spec_problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ReportgenError) as info:
        load_spec(tmp_path / "report.yaml")
    return [str(p) for p in info.value.problems]


def test_a_valid_spec_loads_frozen(tmp_path):
    (tmp_path / "report.yaml").write_text(BASE, encoding="utf-8")
    report = load_spec(tmp_path)
    assert report.chart("users").kind == "ranked_bar"
    with pytest.raises(ValidationError):
        report.id = "other"  # type: ignore[misc]


def test_a_misspelled_key_gives_path_line_and_valid_keys(tmp_path):
    found = spec_problems(tmp_path, BASE.replace("kind: ranked_bar, table", "kind: ranked_bar, tabel"))
    assert "report.yaml: charts[0].table (line 6): required key is missing" in found
    (typo,) = [f for f in found if "tabel" in f]
    assert typo.startswith("report.yaml: charts[0].tabel (line 6): unknown key 'tabel'; valid keys here: ")
    assert "table" in typo and "highlight" in typo


def test_a_missing_required_key_is_named(tmp_path):
    found = spec_problems(tmp_path, BASE.replace("author: A\n", ""))
    assert any("author" in f and "required key is missing" in f for f in found)


def test_an_unknown_chart_kind_lists_the_known_ones(tmp_path):
    (found,) = spec_problems(tmp_path, BASE.replace("kind: ranked_bar", "kind: pie3d"))
    assert "charts[0].kind (line 6): unknown chart kind 'pie3d'; known kinds: " in found
    assert "ranked_bar" in found


def test_a_slide_naming_a_missing_chart(tmp_path):
    (found,) = spec_problems(tmp_path, BASE.replace("chart: users}", "chart: usres}"))
    assert "chart 'usres' is not defined under charts:; defined: users" in found


def test_duplicate_keys_are_rejected_with_lines(tmp_path):
    (found,) = spec_problems(tmp_path, BASE + "author: B\n")
    assert "line 11" in found and "duplicate key 'author' (first at line 4)" in found


def test_yaml_syntax_error_names_the_line(tmp_path):
    (found,) = spec_problems(tmp_path, BASE.replace("author: A", "author: [A"))
    assert found.startswith("report.yaml: line ")


def test_python_tags_are_refused(tmp_path):
    (found,) = spec_problems(tmp_path, BASE.replace("author: A", "author: !!python/object/apply:os.system ['true']"))
    assert "this YAML tag is not allowed" in found


def test_charts_may_live_in_their_own_file(tmp_path):
    (tmp_path / "charts.yaml").write_text("- {id: users, kind: ranked_bar, table: services, x: name, y: mau}\n", encoding="utf-8")
    text = BASE.replace("charts:\n  - {id: users, kind: ranked_bar, table: services, x: name, y: mau}\n", "charts: charts.yaml\n")
    (tmp_path / "report.yaml").write_text(text, encoding="utf-8")
    assert load_spec(tmp_path).chart("users").y == "mau"
    (tmp_path / "charts.yaml").write_text("- {id: users, kind: ranked_bar, table: services, x: name, y: mau, colour: red}\n")
    with pytest.raises(ReportgenError, match=r"charts.yaml: \[0\].colour \(line 1\): unknown key 'colour'"):
        load_spec(tmp_path)


def test_a_charts_file_outside_the_folder_is_refused(tmp_path):
    text = BASE.replace("charts:\n  - {id: users, kind: ranked_bar, table: services, x: name, y: mau}\n", "charts: ../../etc/passwd\n")
    (found,) = spec_problems(tmp_path, text)
    assert "points outside the report folder" in found
