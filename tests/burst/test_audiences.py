"""The audience table: a bad cell fails its audience alone (file, row, column); a problem with the table
as a whole is one error before anything is built; the name pattern and the manifest are checked."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reportgen.burst.audiences import read_audiences
from reportgen.burst.manifest import AudienceEntry, OutputFile, read_manifest, still_there
from reportgen.burst.run import Names
from reportgen.errors import ReportgenError
from reportgen.inputs.report_file import load_spec


def table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audiences.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_each_row_is_an_audience_with_typed_parameters_and_its_languages(tiny: Path, tmp_path: Path) -> None:
    report = load_spec(tiny)
    path = table(tmp_path, "id,audience_ko,audience_en,languages,focus,country\n"
                 "msit,과기정통부,Ministry of Science,,talent,CN\nmoe,교육부,Ministry of Education,en,,\n")
    msit, moe = read_audiences(path, report)
    assert (msit.id, msit.langs, msit.name, msit.error) == ("msit", ("ko", "en"), "과기정통부", None)
    assert msit.values == {"audience_ko": "과기정통부", "audience_en": "Ministry of Science", "focus": "talent", "country": "CN"}
    assert (moe.langs, moe.name, dict(moe.values)) == (("en",), "Ministry of Education",
                                                       {"audience_ko": "교육부", "audience_en": "Ministry of Education"})


def test_a_bad_cell_fails_its_audience_alone_naming_the_file_row_and_column(tiny: Path, tmp_path: Path) -> None:
    path = table(tmp_path, "id,audience,languages,focus\nok,Good,en,data\nbad,Bad,en,talnt\nnolang,X,fr,\nnoname,,en,\n")
    ok, bad, nolang, noname = read_audiences(path, load_spec(tiny))
    assert ok.error is None
    assert bad.error is not None and bad.error.endswith("audiences.csv: row 3, column focus: got 'talnt'; expected one of: talent, data")
    assert nolang.error is not None and nolang.error.endswith(
        "audiences.csv: row 4, column languages: got 'fr'; expected languages of the report: ko, en (several separated by spaces)")
    assert noname.error is not None and "row 5, column audience_en: a value is required here" in noname.error


@pytest.mark.parametrize(("text", "where", "message"), [
    ("id,audience,sector\na,A,x\n", "row 1 (header), column 'sector'", "unknown column; expected: id, languages, audience, "
     "audience_ko, audience_en, focus, country (a parameter must be declared under params: in report.yaml)"),
    ("audience,focus\nA,data\n", "row 1 (header)", "no `id` column; expected one id per audience, which names its files"),
    ("id,audience\na,A\nb,B\na,C\n", "row 4, column id", "audience 'a' is listed twice (first in row 2); ids must be unique"),
    ("id,audience\n../x,A\n", "row 2, column id", "got '../x'; expected an id that can name a file: letters, digits, '_' or '-', "
     "starting with a letter or digit, at most 64 characters"),
    ("id,audience_en\na,A\n", "row 1 (header)", "no `audience` column (the audience's name), nor one per language: "
     "audience_ko, audience_en"),
])
def test_a_problem_with_the_whole_table_is_one_error(tiny: Path, tmp_path: Path, text: str, where: str, message: str) -> None:
    with pytest.raises(ReportgenError) as caught:
        read_audiences(table(tmp_path, text), load_spec(tiny))
    [problem] = caught.value.problems
    assert (problem.file.endswith("audiences.csv"), problem.where, problem.message) == (True, where, message)


@pytest.mark.parametrize(("pattern", "message"), [
    ("{report}.{lang}", "must hold {id} and {lang}, so that no two files get the same name"),
    ("{id}/{sector}.{lang}", "unknown field {sector}; fields: country, focus, id, lang, report"),
    ("../{id}.{lang}", "must name a file inside the output folder: relative, with /, no part starting with a dot"),
])
def test_the_name_pattern_is_checked_before_anything_is_built(tiny: Path, pattern: str, message: str) -> None:
    with pytest.raises(ReportgenError) as caught:
        Names(pattern, load_spec(tiny))
    assert str(caught.value) == f"--names: {pattern!r}: {message}"


def test_the_name_pattern_may_use_a_parameter(tiny: Path, tmp_path: Path) -> None:
    report = load_spec(tiny)
    [audience] = read_audiences(table(tmp_path, "id,audience,focus\nmsit,M,data\n"), report)
    assert Names("{focus}/{id}-{lang}", report).target(audience, "tiny.en.pptx") == "data/msit-en.pptx"


def manifest(out: Path, entries: list[dict]) -> None:
    out.mkdir(exist_ok=True)
    (out / "manifest.json").write_text(json.dumps({"version": 1, "report": "tiny", "audiences": entries}), encoding="utf-8")


@pytest.mark.parametrize("entry", [
    {"id": "a", "name": "A", "status": "built", "key": "0" * 32, "outputs": [{"path": "../escape.pptx", "sha256": "0" * 64}]},
    {"id": "a", "name": "A", "status": "built", "key": "0" * 32, "outputs": [{"path": "/etc/passwd", "sha256": "0" * 64}]},
    {"id": "a", "name": "A", "status": "done", "key": "0" * 32},
    {"id": "a", "name": "A", "status": "built", "key": "0" * 32, "outputs": [{"path": "a.pptx", "sha256": "nothex"}]},
])
def test_a_manifest_that_fails_validation_is_ignored_with_a_warning(tmp_path: Path, entry: dict) -> None:
    manifest(tmp_path / "out", [entry])
    with pytest.warns(UserWarning, match=r"manifest.json: not a valid manifest \(.*\); every audience is built again"):
        assert read_manifest(tmp_path / "out", "tiny") == {}


def test_an_audience_is_unchanged_only_with_the_same_key_and_the_same_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "tiny.en.pptx").write_bytes(b"deck")
    digest = hashlib.sha256(b"deck").hexdigest()
    entry = AudienceEntry(id="a", name="A", status="built", key="1" * 32, outputs=[OutputFile(path="a/tiny.en.pptx", sha256=digest)])
    assert still_there(entry, "1" * 32, out)
    assert not still_there(entry, "2" * 32, out)  # its inputs changed
    assert not still_there(entry.model_copy(update={"status": "failed"}), "1" * 32, out)
    (out / "a" / "tiny.en.pptx").write_bytes(b"edited by hand")
    assert not still_there(entry, "1" * 32, out)
