"""Provenance, claims and `reportgen audit` on the default report, end to end: what reaches the slides and pages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.audit.read import read_deck, read_memo
from reportgen.cli import app
from reportgen.errors import ReportgenError
from reportgen.pipeline import BuildOptions, build, load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def copy_default(folder: Path) -> Path:
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "templates" / "china-ai-briefing", folder / "templates" / "china-ai-briefing")
    return folder / "templates" / "china-ai-briefing"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def outputs(out: Path) -> list[str]:
    return [str(p) for p in sorted(out.glob("*.pptx")) + sorted(out.glob("*.pdf"))]


@pytest.fixture(scope="module")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("default")
    build(BuildOptions(copy_default(folder), folder / "out"))
    return folder / "out"


# claims: a CSV change that breaks a declared claim fails the build, naming the key and the claim

@pytest.mark.parametrize(
    ("csv", "old", "new", "expected"),
    [
        ("ai_services.csv", "DeepSeek,77000000,", "DeepSeek,120000000,",
         "text/en/charts.yaml: charts.ai_service_users.claims[1] (line 8): the claim about charts.ai_service_users does not hold: "
         "'ai_services.deepseek.mau ranks 3rd of ai_services.mau'; the data says deepseek ranks 2nd"),
        ("state_funds.csv", "Big Fund II,2,2019,28.7,", "Big Fund II,2,2019,15,",
         "text/en/charts.yaml: charts.state_funds.claims[0] (line 49): the claim about charts.state_funds does not hold: "
         "'state_funds.amount among big_fund_1, big_fund_2, big_fund_3 rises by year'; the data says big_fund_2 (year 2019) "
         "$15B is not larger than big_fund_1 (year 2014) $19.5B"),
    ],
)
def test_a_csv_change_that_breaks_a_claim_fails_the_build_naming_key_and_claim(tmp_path, monkeypatch, csv, old, new, expected):
    monkeypatch.chdir(tmp_path)
    report = copy_default(tmp_path)
    edit(tmp_path / "data" / csv, old, new)
    with pytest.raises(ReportgenError) as err:
        load(report)
    assert expected in str(err.value).splitlines()[-1]


# provenance and audit (one build of the default report, both languages)

@pytest.mark.slow
def test_every_number_in_both_languages_deck_and_memo_is_in_the_provenance(default_build):
    result = runner.invoke(app, ["audit", *outputs(default_build)])
    assert result.exit_code == 0, result.output
    assert "ok: every one of" in result.output and "in 4 file(s) is traced to the data" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "shown"), [("en", "9.7×"), ("ko", "9.7배")])
def test_a_derived_figure_appears_identically_in_deck_and_memo(default_build, lang, shown):
    doc = json.loads((default_build / f"china-ai-briefing.{lang}.provenance.json").read_text(encoding="utf-8"))
    [ratio] = [f for f in doc["figures"] if f.get("derivation") == "ratio"
               and f["inputs"] == ["stem_graduates.cn_stem_all_degrees_2022.value", "stem_graduates.kr_stem_2022.value"]]
    assert ratio["shown"] == [shown] and ratio["rounding"] == "at most 1 decimal"
    assert {"slides.talent.title", "charts.stem_graduates.title"} <= {t["key"] for t in ratio["texts"]}  # one derivation
    assert {a["output"].rsplit(".", 1)[-1] for a in ratio["appears"]} == {"pptx", "pdf"}
    deck = [p.text for p in read_deck(default_build / f"china-ai-briefing.{lang}.pptx")
            if "(talent), shape 'Title" in p.where]
    memo = " ".join(p.text for p in read_memo(default_build / f"china-ai-briefing.{lang}.pdf"))
    assert shown in deck[0] and shown in memo


@pytest.mark.slow
def test_provenance_names_table_row_column_source_and_where_each_figure_lands(default_build):
    doc = json.loads((default_build / "china-ai-briefing.en.provenance.json").read_text(encoding="utf-8"))
    quark = [f for f in doc["figures"] if f["ref"] == "ai_services.alibaba_quark.mau" and "150M users" in f["shown"]]
    assert {s for f in quark for s in f["sources"]} == {"aicpb"} and doc["sources"]["aicpb"]["footnote"] == 2
    places = {(a["output"], a.get("slide"), a.get("page")) for f in quark for a in f["appears"]}
    assert ("china-ai-briefing.en.pptx", 5, None) in places  # the users slide's title
    assert any(p[0].endswith(".pdf") for p in places)
    assert any(t["file"] == "text/en/story.yaml" and t["line"] for f in quark for t in f["texts"])
    sheet = (default_build / "china-ai-briefing.en.figures.html").read_text(encoding="utf-8")
    assert "150M users" in sheet and "note 2: Aicpb.com" in sheet and "slide 5 (users)" in sheet


@pytest.mark.slow
def test_a_number_typed_into_a_text_fails_the_audit_naming_slide_and_page(tmp_path):
    report = copy_default(tmp_path)
    story = report / "text" / "en" / "story.yaml"
    edit(story, "Stress how fast users switch.", "Stress how fast users switch: 42 apps changed hands.")
    edit(story, "Users switch quickly for small differences.", "Users switch quickly; 4,321 services compete.")
    build(BuildOptions(report, tmp_path / "out", langs=("en",)))
    result = runner.invoke(app, ["audit", *outputs(tmp_path / "out")])
    assert result.exit_code == 1
    assert "china-ai-briefing.en.pptx: slide 5 (users), speaker notes: '42' is not traced to the data" in result.output
    assert "china-ai-briefing.en.pdf: page 2, line" in result.output and "'4321' is not traced to the data" in result.output
    assert "2 of " in result.output and "numbers are not traced to the data" in result.output


def test_audit_names_a_missing_provenance_file(tmp_path):
    deck = tmp_path / "x.pptx"
    deck.write_bytes(b"PK")
    result = runner.invoke(app, ["audit", str(deck)])
    assert result.exit_code == 1 and "no provenance beside it (expected x.provenance.json)" in result.output


@pytest.mark.slow
def test_the_second_report_traces_every_number_in_both_languages(tmp_path):
    """asia-rise: years read from the data (a row's year, a period's start), derived figures instead of
    arithmetic, a source's note (`2005 international dollars`) and a table's title (`142 countries`) on the
    slides that show that table; `1인당` is a word."""
    report = tmp_path / "asia-rise"
    shutil.copytree(ROOT / "templates" / "asia-rise", report)
    build(BuildOptions(report, tmp_path / "out", only=("deck", "memo")))
    result = runner.invoke(app, ["audit", *outputs(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: every one of") and "in 4 file(s)" in result.output
