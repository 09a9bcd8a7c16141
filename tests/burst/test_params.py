"""Report parameters: declared in report.yaml, checked with their YAML path and line, applied to the
spec (when:, first_when:, {{ params.x }} filters) and read by the text (params.<name>)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import ReportgenError
from reportgen.inputs.report_file import load_spec
from reportgen.inputs.rows import select_rows
from reportgen.pipeline import load, load_inputs, specialize


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(spec: Path) -> list[str]:
    with pytest.raises(ReportgenError) as caught:
        load_spec(spec)
    return [str(p) for p in caught.value.problems]


def slide_ids(ctx) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.id for s in ctx.report.slides]


def test_first_when_puts_the_audiences_recommendation_first_and_when_leaves_a_slide_out(tiny: Path) -> None:
    inputs = load_inputs(tiny)
    talent = specialize(inputs, ("en",), {"focus": "talent", "country": "CN", "audience": "A"})
    data = specialize(inputs, ("en",), {"focus": "data", "country": "US", "audience": "B"})
    assert slide_ids(talent) == ["cover", "users_chart", "capex_chart", "advice_divider", "rec_talent", "rec_data"]
    assert slide_ids(data) == ["cover", "users_chart", "capex_chart", "us_only", "advice_divider", "rec_data", "rec_talent"]
    assert [b.recommendation for b in data.report.memo[0].blocks] == [None, "data", "talent"]  # the text block keeps its place


def test_a_filter_on_a_parameter_picks_the_audiences_rows_and_without_a_value_keeps_every_row(tiny: Path) -> None:
    inputs = load_inputs(tiny)
    chart = specialize(inputs, ("en",), {"country": "US"}).report.chart("capex")
    assert chart.where == {"country": "US"}
    assert [r["id"] for r in select_rows(inputs.dataset.tables["capex"], chart.where)] == ["meta"]
    assert load(tiny, ("en",)).report.chart("capex").where == {}  # a plain build: no value, no filter


def test_the_text_reads_params_and_a_plain_build_reads_no_audience(tiny: Path) -> None:
    ctx = specialize(load_inputs(tiny), ("ko", "en"), {"audience_ko": "과기정통부", "audience_en": "Ministry of Science", "country": "CN"})
    assert ctx.texts["en"].get("slides.cover.title") == "For Ministry of Science: what the market says"
    assert ctx.texts["ko"].get("meta.audience") == "과기정통부"
    assert ctx.texts["en"].get("slides.capex_chart.title") == "Capex of CN companies"
    assert load(tiny, ("en",)).texts["en"].get("meta.audience") == "Testers"


def test_the_text_naming_an_undeclared_parameter_is_one_error_at_its_line(tiny: Path) -> None:
    edit(tiny / "text" / "en.yaml", "{title: Open data}", "{title: \"Open data for {{ params.sector }}\"}")
    with pytest.raises(ReportgenError) as caught:
        load(tiny, ("en",))
    [problem] = caught.value.problems
    assert problem.file.endswith("text/en.yaml")
    assert problem.where == "slides.rec_data.title (line 19)"
    assert problem.message.startswith("no parameter 'sector'")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("first_when: {focus: data}}", "first_when: {focus: daat}}",
     "deck[1].slides[2].first_when.focus (line 25): 'daat' is not a value of parameter 'focus'; allowed: talent, data"),
    ("when: {country: US}}", "when: {region: US}}",
     "deck[0].slides[3].when.region (line 20): no parameter 'region'; declared under params: focus, country"),
    ('where: {country: "{{ params.country }}"}', 'where: {country: "{{ params.land }}"}',
     "charts[1].where.country (line 13): no parameter 'land'; declared under params: focus, country"),
    ('where: {country: "{{ params.country }}"}', 'where: {country: "{{ params.country }}s"}',
     "charts[1].where.country (line 13): got '{{ params.country }}s'; a filter names a parameter alone, as \"{{ params.NAME }}\""),
    ("- {name: country, allowed: [CN, US]}", "- {name: country, allowed: [CN, US], default: KR}",
     "params[1] (line 10): default 'KR' is not among the allowed values: CN, US"),
    ("- {name: country, allowed: [CN, US]}", "- {name: audience}",
     "params[1].name (line 10): 'audience' is a reserved name (the audience table's own columns: audience, id, languages, lang, report)"),
    ("- {name: country, allowed: [CN, US]}", "- {name: tier, type: integer, allowed: [1, 2.5]}",
     "params[1] (line 10): got 2.5; expected a whole number for integer parameter 'tier'"),
    ("- {name: country, allowed: [CN, US]}", "- {name: focus}", "params[1].name (line 10): parameter 'focus' is declared twice"),
])
def test_a_wrong_parameter_in_the_spec_is_one_message_with_its_yaml_path_and_line(tiny: Path, old: str, new: str, expected: str) -> None:
    spec = tiny / "report.yaml"
    edit(spec, old, new)
    found = problems_of(spec)
    assert [p.split("report.yaml: ", 1)[1] for p in found if "report.yaml: " in p][:1] == [expected], found
